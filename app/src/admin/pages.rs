//! `/staf/admin`: staff accounts, units and services, survey imports and holidays.

use super::server_fns::load_admin;
use super::tabs::AdminTab;
use crate::accounts::domain::Role;
use crate::tr;
use crate::web::escape::textarea_text;
use crate::web::form::FormRefusal;
use crate::web::page::{IslandScripts, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The admin pages: `/staf/admin` (accounts) and `/staf/admin/{page}`, each with the
/// sub-navigation; a refused import lists its bad lines at the top.
#[component]
pub fn AdminPage() -> impl IntoView {
    let lang = use_lang();
    let st = use_context::<FormRefusal>().unwrap_or_default();
    let query = use_query_map().read_untracked().clone();
    let segment = use_params_map().read_untracked().get("tab");
    let Some(tab) = AdminTab::of_segment(segment.as_deref()) else {
        #[cfg(feature = "ssr")]
        if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
            r.set_status(axum::http::StatusCode::NOT_FOUND);
        }
        return view! { <p class="notice error" role="alert">{tr!(lang, "not_found.page")}</p> }
            .into_any();
    };
    let done = query.get("ok");
    let data = Resource::new(|| (), |_| load_admin());
    let subnav = AdminTab::ALL
        .into_iter()
        .map(|t| {
            let here = (t == tab).then_some("page");
            view! { <li><a href=t.path() aria-current=here>{tr!(lang, t.label())}</a></li> }
        })
        .collect_view();
    let import_errors = (st.error == "import_rejected").then(|| {
        view! {
            <div class="notice error" role="alert" id="import-errors">
                <p>{tr!(lang, "error.import_rejected")}</p>
                <ul>{st.messages.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}</ul>
            </div>
        }
    });
    view! {
        <Title text=format!("{} · {}", tr!(lang, tab.label()), tr!(lang, "admin.title"))/>
        <h1>{tr!(lang, "admin.title")} ": " {tr!(lang, tab.label())}</h1>
        <nav class="subnav" aria-label=tr!(lang, "admin.subnav")>
            <ul>{subnav}<li><a href="/staf/kios">{tr!(lang, "section.kiosks")}</a></li></ul>
        </nav>
        {import_errors}
        {done.map(|d| {
            let n = query.get("n").unwrap_or_default();
            view! { <p class="notice ok" role="status">{tr!(lang, &format!("admin.done.{d}")).replace("%{n}", &n)}</p> }
        })}
        <Suspense fallback=|| ()>
            {move || {
                let st = st.clone();
                let query = query.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(d) => {
                            let v = |k: &str| st.values.get(k).cloned().unwrap_or_default();
                            let err = |form: &str| (st.form == form && !st.error.is_empty())
                                .then(|| view! { <p class="field-error" role="alert">{tr!(lang, &format!("error.{}", st.error))}</p> });
                            let unit_name = |code: &String| d.units.iter().find(|u| &u.code == code).map(|u| u.name.clone()).unwrap_or_else(|| code.clone());
                            let rows = d.staff.iter().map(|s| {
                                let toggle = if s.active { "0" } else { "1" };
                                let units = if s.unit_codes.is_empty() {
                                    tr!(lang, "admin.all_units")
                                } else {
                                    s.unit_codes.iter().map(unit_name).collect::<Vec<_>>().join(", ")
                                };
                                view! {
                                    <tr class:inactive=!s.active>
                                        <th scope="row">{s.name.clone()}</th>
                                        <td class="email" data-label=tr!(lang, "console.email")>{s.email.clone()}</td>
                                        <td data-label=tr!(lang, "admin.role")>{tr!(lang, &format!("role.{}", s.role))}</td>
                                        <td data-label=tr!(lang, "admin.staff_units")>{units}</td>
                                        <td data-label=tr!(lang, "admin.staff_status")>
                                            {if s.active { tr!(lang, "admin.active") } else { tr!(lang, "admin.inactive") }}
                                            <form method="post" action="/staf/admin/aktif" class="inline">
                                                <input type="hidden" name="csrf" value=d.user.csrf.clone()/>
                                                <input type="hidden" name="user_id" value=s.id.to_string()/>
                                                <input type="hidden" name="active" value=toggle/>
                                                <button type="submit" class="linklike">{if s.active { tr!(lang, "admin.deactivate") } else { tr!(lang, "admin.activate") }}</button>
                                            </form>
                                        </td>
                                    </tr>
                                }
                            }).collect_view();
                            let roles = Role::ALL.iter().map(|r| {
                                let sel = v("role") == r.code();
                                view! { <option value=r.code() selected=sel>{tr!(lang, &format!("role.{}", r.code()))}</option> }
                            }).collect_view();
                            let chosen: Vec<String> = v("units").split(',').map(|s| s.trim().to_string()).collect();
                            let unit_boxes = d.units.iter().map(|u| {
                                let checked = chosen.contains(&u.code);
                                view! { <label class="check"><input type="checkbox" name="unit" value=u.code.clone() checked=checked/> {u.name.clone()}</label> }
                            }).collect_view();
                            // The unit and service forms start from what was typed (a refused
                            // form), else from the unit or service chosen for editing.
                            let edit_unit = query.get("unit").and_then(|c| d.units.iter().find(|u| u.code == c).cloned());
                            let edit_svc = query.get("layanan").and_then(|c| d.services.iter().find(|s| s.code == c).cloned());
                            let unit_v = |k: &str| if st.form == "unit" { v(k) } else {
                                edit_unit.as_ref().map(|u| match k {
                                    "unit_code" => u.code.clone(),
                                    "unit_name" => u.name.clone(),
                                    _ => u.parent_code.clone().unwrap_or_default(),
                                }).unwrap_or_default()
                            };
                            let svc_v = |k: &str| if st.form == "service" { v(k) } else {
                                edit_svc.as_ref().map(|s| match k {
                                    "service_code" => s.code.clone(),
                                    "service_name" => s.name.clone(),
                                    "service_unit" => s.unit_code.clone(),
                                    _ => s.monthly_served.map(|n| n.to_string()).unwrap_or_default(),
                                }).unwrap_or_default()
                            };
                            let form_msgs = |form: &str| (st.form == form).then(|| view! {
                                <div class="field-error" role="alert">{st.messages.iter().map(|m| view! { <p>{m.clone()}</p> }).collect_view()}</div>
                            });
                            let chosen_parent = unit_v("parent_code");
                            let parent_options = d.units.iter().map(|u| {
                                let sel = u.code == chosen_parent;
                                view! { <option value=u.code.clone() selected=sel>{format!("{} ({})", u.name, u.code)}</option> }
                            }).collect_view();
                            let chosen_unit = svc_v("service_unit");
                            let service_unit_options = d.units.iter().map(|u| {
                                let sel = u.code == chosen_unit;
                                view! { <option value=u.code.clone() selected=sel>{format!("{} ({})", u.name, u.code)}</option> }
                            }).collect_view();
                            let csrf = d.user.csrf.clone();
                            let upload_csrf = d.user.csrf.clone();
                            let unit_rows = tree_order(&d.units).into_iter().map(|(depth, u)| {
                                let parent = u.parent_code.clone().map(|p| format!(" · {} {p}", tr!(lang, "admin.under")));
                                let services = d.services.iter().filter(|s| s.unit_code == u.code).map(|s| {
                                    let toggle = if s.active { "0" } else { "1" };
                                    let monthly = s.monthly_served.map(|n| format!(" · {}", tr!(lang, "admin.per_month", n = lang.count(n))));
                                    view! {
                                        <li class:inactive=!s.active>
                                            <span class="mono">{s.code.clone()}</span> " " {s.name.clone()} {monthly}
                                            {(!s.active).then(|| view! { <em>{format!(" ({})", tr!(lang, "admin.inactive_note"))}</em> })}
                                            " " <a href=format!("/staf/admin/unit-layanan?layanan={}#service-form", s.code)>{tr!(lang, "admin.edit")}</a>
                                            <form method="post" action="/staf/admin/layanan/aktif" class="inline">
                                                <input type="hidden" name="csrf" value=csrf.clone()/>
                                                <input type="hidden" name="service_code" value=s.code.clone()/>
                                                <input type="hidden" name="active" value=toggle/>
                                                <button type="submit" class="linklike">{if s.active { tr!(lang, "admin.deactivate") } else { tr!(lang, "admin.activate") }}</button>
                                            </form>
                                        </li>
                                    }
                                }).collect_view();
                                view! {
                                    <li class=format!("unit-card depth-{}", depth.min(2))>
                                        <strong>{u.name.clone()}</strong> " " <span class="mono">{u.code.clone()}</span> {parent}
                                        " " <a href=format!("/staf/admin/unit-layanan?unit={}#unit-form", u.code)>{tr!(lang, "admin.edit")}</a>
                                        <ul class="admin-services">{services}</ul>
                                    </li>
                                }
                            }).collect_view();
                            // By year, each day in words with its weekday (a cuti bersama on a
                            // Friday or Monday reads at a glance).
                            let mut years: Vec<String> = d.holidays.iter().map(|(day, _)| day[..4].to_string()).collect();
                            years.dedup();
                            let holidays = years.into_iter().map(|year| {
                                let rows = d.holidays.iter().filter(|(day, _)| day.starts_with(&year)).map(|(day, name)| {
                                    let shown = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").map(|x| lang.date_long(x)).unwrap_or_else(|_| day.clone());
                                    view! {
                                        <tr>
                                            <td><time datetime=day.clone()>{shown}</time></td>
                                            <td>{name.clone()}</td>
                                            <td>
                                                <form method="post" action="/staf/admin/libur/hapus" class="inline">
                                                    <input type="hidden" name="csrf" value=d.user.csrf.clone()/>
                                                    <input type="hidden" name="day" value=day.clone()/>
                                                    <button type="submit" class="linklike" aria-label=format!("{} {}", tr!(lang, "admin.remove"), day)>{tr!(lang, "admin.remove")}</button>
                                                </form>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view();
                                let unfolded = year.parse::<i32>().is_ok_and(|y| y >= d.year);
                                let count = d.holidays.iter().filter(|(day, _)| day.starts_with(&year)).count();
                                view! {
                                    <details class="holiday-year" open=unfolded>
                                        <summary>{tr!(lang, "admin.holiday_year", year = year.clone(), n = lang.count(count as i64))}</summary>
                                        <table class="data holiday-list">
                                            <caption class="visually-hidden">{format!("{} {}", tr!(lang, "admin.holidays"), year)}</caption>
                                            <tbody>{rows}</tbody>
                                        </table>
                                    </details>
                                }
                            }).collect_view();
                            let templates = d.templates.iter().map(|(id, title, body)| view! {
                                <li>
                                    <strong>{title.clone()}</strong>
                                    <p class="template-body">{body.clone()}</p>
                                    <a href=format!("/staf/admin/templat?edit={id}#template-form")>{tr!(lang, "admin.edit")}</a>
                                    <form method="post" action="/staf/admin/templat/hapus" class="inline">
                                        <input type="hidden" name="csrf" value=d.user.csrf.clone()/>
                                        <input type="hidden" name="id" value=id.to_string()/>
                                        <button type="submit" class="button danger small">{tr!(lang, "admin.remove")}</button>
                                    </form>
                                </li>
                            }).collect_view();
                            let edit_tpl = query.get("edit").and_then(|i| i.parse::<i32>().ok())
                                .and_then(|i| d.templates.iter().find(|t| t.0 == i).cloned());
                            let tpl_v = |k: &str| if st.form == "template" { v(k) } else {
                                edit_tpl.as_ref().map(|t| match k {
                                    "id" => t.0.to_string(),
                                    "title" => t.1.clone(),
                                    _ => t.2.clone(),
                                }).unwrap_or_default()
                            };
                            let suggestion_rows = crate::complaints::domain::Category::ALL.iter().map(|c| {
                                let code = c.code();
                                let saved = d.suggestions.iter().find(|s| s.0 == code);
                                let refused = st.form == "suggestion" && st.values.get("category").map(String::as_str) == Some(code);
                                let topic = if refused { v("topic") } else { saved.map(|s| s.1.clone()).unwrap_or_default() };
                                let chosen: Vec<String> = if refused {
                                    v("elements").split(',').map(str::to_string).collect()
                                } else {
                                    saved.map(|s| s.2.clone()).unwrap_or_default()
                                };
                                let boxes = crate::survey::domain::Element::ALL.iter().map(|e| {
                                    let checked = chosen.iter().any(|x| x == e.code());
                                    view! { <label class="check"><input type="checkbox" name="elements" value=e.code() checked=checked/> {format!("{} {}", e.code(), crate::survey::questionnaire::wording(*e, lang).name)}</label> }
                                }).collect_view();
                                let id = format!("saran-{code}");
                                view! {
                                    <section class="card suggestion-form" id=id.clone()>
                                        <h3>{tr!(lang, &format!("category.{code}"))}</h3>
                                        <form method="post" action="/staf/admin/saran-pelatihan/simpan">
                                            {refused.then(|| err("suggestion"))}
                                            <input type="hidden" name="csrf" value=d.user.csrf.clone()/>
                                            <input type="hidden" name="category" value=code/>
                                            <label for=format!("{id}-topic") class="block">{tr!(lang, "training.topic")}</label>
                                            <textarea id=format!("{id}-topic") name="topic" rows="2" maxlength="200">{textarea_text(&topic)}</textarea>
                                            <fieldset class="units"><legend>{tr!(lang, "training.targets")}</legend>{boxes}</fieldset>
                                            <button type="submit" class="button">{tr!(lang, "admin.save_suggestion")}</button>
                                        </form>
                                    </section>
                                }
                            }).collect_view();
                            let on = |t: AdminTab| t == tab;
                            view! {
                                {on(AdminTab::Accounts).then(|| view! {
                                <section class="card">
                                    <h2>{tr!(lang, "admin.staff")}</h2>
                                    <div class="table-wrap" role="region" tabindex="0" aria-label=tr!(lang, "admin.staff")>
                                        <table class="data staff-list">
                                            <thead><tr>
                                                <th scope="col">{tr!(lang, "admin.staff_name")}</th>
                                                <th scope="col">{tr!(lang, "console.email")}</th>
                                                <th scope="col">{tr!(lang, "admin.role")}</th>
                                                <th scope="col">{tr!(lang, "admin.staff_units")}</th>
                                                <th scope="col">{tr!(lang, "admin.staff_status")}</th>
                                            </tr></thead>
                                            <tbody>{rows}</tbody>
                                        </table>
                                    </div>
                                    <h3>{tr!(lang, "admin.add_staff")}</h3>
                                    <p class="hint">{tr!(lang, "admin.add_staff_hint")}</p>
                                    <form method="post" action="/staf/admin/pengguna">
                                        {err("user")}
                                        <input type="hidden" name="csrf" value=d.user.csrf.clone()/>
                                        <label for="new-email" class="block">{tr!(lang, "console.email")}</label>
                                        <input id="new-email" name="email" type="email" required value=v("email")/>
                                        <label for="new-name" class="block">{tr!(lang, "admin.staff_name")}</label>
                                        <input id="new-name" name="name" type="text" required value=v("name")/>
                                        <label for="new-role" class="block">{tr!(lang, "admin.role")}</label>
                                        <select id="new-role" name="role" required>
                                            <option value="" selected=v("role").is_empty()>{tr!(lang, "admin.choose_role")}</option>
                                            {roles}
                                        </select>
                                        <fieldset class="units"><legend>{tr!(lang, "admin.units")}</legend>{unit_boxes}</fieldset>
                                        <button type="submit" class="button primary">{tr!(lang, "admin.add_staff")}</button>
                                    </form>
                                </section>
                                })}
                                {on(AdminTab::Units).then(|| view! {
                                <section class="card" id="unit-list">
                                    <h2>{tr!(lang, "admin.units_title")}</h2>
                                    <ul class="units admin-units">{unit_rows}</ul>
                                </section>
                                <section class="card" id="unit-form">
                                    <h3>{tr!(lang, "admin.unit_form")}</h3>
                                    <p class="hint">{tr!(lang, "admin.unit_form_hint")}</p>
                                    <form method="post" action="/staf/admin/unit">
                                        {form_msgs("unit")}
                                        <input type="hidden" name="csrf" value=d.user.csrf.clone()/>
                                        <label for="u-code" class="block">{tr!(lang, "admin.code")}</label>
                                        <input id="u-code" name="unit_code" type="text" required pattern="[a-z0-9][a-z0-9-]{1,31}" value=unit_v("unit_code")/>
                                        <label for="u-name" class="block">{tr!(lang, "admin.unit_name")}</label>
                                        <input id="u-name" name="unit_name" type="text" required value=unit_v("unit_name")/>
                                        <label for="u-parent" class="block">{tr!(lang, "admin.parent")}</label>
                                        <select id="u-parent" name="parent_code">
                                            <option value="">{tr!(lang, "admin.no_parent")}</option>
                                            {parent_options}
                                        </select>
                                        <button type="submit" class="button">{tr!(lang, "admin.save_unit")}</button>
                                    </form>
                                </section>
                                <section class="card" id="service-form">
                                    <h3>{tr!(lang, "admin.service_form")}</h3>
                                    <p class="hint">{tr!(lang, "admin.service_form_hint")}</p>
                                    <form method="post" action="/staf/admin/layanan">
                                        {form_msgs("service")}
                                        <input type="hidden" name="csrf" value=d.user.csrf.clone()/>
                                        <label for="s-unit" class="block">{tr!(lang, "admin.service_unit")}</label>
                                        <select id="s-unit" name="service_unit" required>{service_unit_options}</select>
                                        <label for="s-code" class="block">{tr!(lang, "admin.code")}</label>
                                        <input id="s-code" name="service_code" type="text" required pattern="[a-z0-9][a-z0-9-]{1,31}" value=svc_v("service_code")/>
                                        <label for="s-name" class="block">{tr!(lang, "admin.service_name")}</label>
                                        <input id="s-name" name="service_name" type="text" required value=svc_v("service_name")/>
                                        <label for="s-monthly" class="block">{tr!(lang, "admin.monthly_served")}</label>
                                        <input id="s-monthly" name="monthly_served" type="number" min="0" inputmode="numeric" value=svc_v("monthly_served")/>
                                        <p class="hint">{tr!(lang, "admin.monthly_hint")}</p>
                                        <button type="submit" class="button">{tr!(lang, "admin.save_service")}</button>
                                    </form>
                                </section>
                                })}
                                {on(AdminTab::Imports).then(|| view! {
                                <section class="card">
                                    <h2>{tr!(lang, "admin.import_units")}</h2>
                                    <p class="hint">{tr!(lang, "admin.import_hint")}</p>
                                    <pre class="mono">"unit_code,unit_name,parent_code,service_code,service_name,monthly_served"</pre>
                                    <form method="post" action="/staf/admin/unit-csv" enctype="multipart/form-data">
                                        <input type="hidden" name="csrf" value=d.user.csrf.clone()/>
                                        <label for="units-csv" class="block">{tr!(lang, "admin.csv_file")}</label>
                                        <input id="units-csv" type="file" name="csv" accept=".csv,text/csv" required/>
                                        <button type="submit" class="button">{tr!(lang, "admin.import")}</button>
                                    </form>
                                </section>
                                <section class="card" id="survey-import">
                                    <h2>{tr!(lang, "admin.import_surveys")}</h2>
                                    <p class="hint">{tr!(lang, "admin.import_surveys_hint")}</p>
                                    <pre class="mono">"date,service_code,U1,U2,U3,U4,U5,U6,U7,U8,U9,gender,age,education,occupation,suggestion"</pre>
                                    <crate::admin::upload::UploadProgress label=tr!(lang, "admin.uploading")>
                                        {view! {
                                        <form method="post" action="/staf/admin/survei-csv" enctype="multipart/form-data" data-progress="">
                                            <input type="hidden" name="csrf" value=upload_csrf/>
                                            <label for="surveys-csv" class="block">{tr!(lang, "admin.csv_file")}</label>
                                            <input id="surveys-csv" type="file" name="csv" accept=".csv,text/csv" required/>
                                            <button type="submit" class="button">{tr!(lang, "admin.import")}</button>
                                        </form>
                                        }}
                                    </crate::admin::upload::UploadProgress>
                                    <IslandScripts/>
                                </section>
                                })}
                                {on(AdminTab::Holidays).then(|| view! {
                                <section class="card">
                                    <h2>{tr!(lang, "admin.holidays")}</h2>
                                    <p class="hint">{tr!(lang, "admin.holidays_hint")}</p>
                                    {holidays}
                                    <form method="post" action="/staf/admin/libur">
                                        {err("holiday")}
                                        <input type="hidden" name="csrf" value=d.user.csrf.clone()/>
                                        <label for="h-day" class="block">{tr!(lang, "admin.date")}</label>
                                        <input id="h-day" name="day" type="date" required value=v("day")/>
                                        <label for="h-name" class="block">{tr!(lang, "admin.holiday_name")}</label>
                                        <input id="h-name" name="name" type="text" required value=v("name_h")/>
                                        <button type="submit" class="button">{tr!(lang, "admin.add_holiday")}</button>
                                    </form>
                                </section>
                                <section class="card" id="holiday-import">
                                    <h2>{tr!(lang, "admin.import_holidays")}</h2>
                                    <p class="hint">{tr!(lang, "admin.import_holidays_hint")}</p>
                                    <pre class="mono">"date,name\n2028-01-01,Tahun Baru 2028 Masehi"</pre>
                                    <form method="post" action="/staf/admin/libur-csv" enctype="multipart/form-data">
                                        <input type="hidden" name="csrf" value=d.user.csrf.clone()/>
                                        <label for="holidays-csv" class="block">{tr!(lang, "admin.csv_file")}</label>
                                        <input id="holidays-csv" type="file" name="csv" accept=".csv,text/csv" required/>
                                        <button type="submit" class="button">{tr!(lang, "admin.import")}</button>
                                    </form>
                                </section>
                                })}
                                {on(AdminTab::Suggestions).then(|| view! {
                                <section class="card">
                                    <h2>{tr!(lang, "admin.suggestions")}</h2>
                                    <p class="hint">{tr!(lang, "admin.suggestions_hint")}</p>
                                </section>
                                {suggestion_rows}
                                })}
                                {on(AdminTab::Templates).then(|| view! {
                                <section class="card">
                                    <h2>{tr!(lang, "admin.templates")}</h2>
                                    <p class="hint">{tr!(lang, "admin.templates_hint")}</p>
                                    {d.templates.is_empty().then(|| view! { <p>{tr!(lang, "admin.no_templates")}</p> })}
                                    <ul class="template-list">{templates}</ul>
                                </section>
                                <section class="card" id="template-form">
                                    <h2>{tr!(lang, "admin.template_form")}</h2>
                                    <form method="post" action="/staf/admin/templat/simpan">
                                        {err("template")}
                                        <input type="hidden" name="csrf" value=d.user.csrf.clone()/>
                                        <input type="hidden" name="id" value=tpl_v("id")/>
                                        <label for="t-title" class="block">{tr!(lang, "admin.template_title")}</label>
                                        <input id="t-title" name="title" type="text" required maxlength="120" value=tpl_v("title")/>
                                        <label for="t-body" class="block">{tr!(lang, "admin.template_body")}</label>
                                        <textarea id="t-body" name="body" rows="5" required maxlength="4000">{textarea_text(tpl_v("body"))}</textarea>
                                        <button type="submit" class="button primary">{tr!(lang, "admin.save_template")}</button>
                                    </form>
                                </section>
                                })}
                            }.into_any()
                        }
                        Err(e) => {
                            if crate::web::page::to_sign_in(&e, "/staf/admin") {
                                return ().into_any();
                            }
                            crate::web::page::problem(lang, &e, "admin")
                        }
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
}

/// Units in tree order (each parent followed by its children, by name) with their depth.
pub fn tree_order(
    units: &[super::server_fns::UnitRow],
) -> Vec<(usize, &super::server_fns::UnitRow)> {
    fn walk<'a>(
        units: &'a [super::server_fns::UnitRow],
        parent: Option<&str>,
        depth: usize,
        out: &mut Vec<(usize, &'a super::server_fns::UnitRow)>,
    ) {
        for u in units.iter().filter(|u| u.parent_code.as_deref() == parent) {
            if out.iter().any(|(_, seen)| seen.code == u.code) {
                continue;
            }
            out.push((depth, u));
            walk(units, Some(&u.code), depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(units, None, 0, &mut out);
    // A unit whose parent is missing from the list still shows, at the top level.
    for u in units {
        if !out.iter().any(|(_, seen)| seen.code == u.code) {
            out.push((0, u));
        }
    }
    out
}

/// The administration's page route; its forms post under it, in [`super::routes`].
#[component(transparent)]
pub fn AdminRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    use leptos_router::components::Route;
    use leptos_router::{SsrMode, path};
    view! {
        <Route path=path!("/staf/admin") view=AdminPage ssr=SsrMode::Async/>
        <Route path=path!("/staf/admin/:tab") view=AdminPage ssr=SsrMode::Async/>
        <Route path=path!("/staf/audit") view=super::audit_page::AuditPage ssr=SsrMode::Async/>
    }
    .into_inner()
}
