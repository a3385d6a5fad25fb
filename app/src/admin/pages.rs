//! `/staf/admin`: staff accounts and holidays.

use super::server_fns::load_admin;
use crate::accounts::domain::Role;
use crate::layout::use_lang;
use crate::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// A refused admin form: which form, the message code and what was typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminFormState {
    pub form: String,
    pub error: String,
    pub values: std::collections::BTreeMap<String, String>,
}

/// The admin page.
#[component]
pub fn AdminPage() -> impl IntoView {
    let lang = use_lang();
    let st = use_context::<AdminFormState>().unwrap_or_default();
    let done = use_query_map().read_untracked().get("ok");
    let data = Resource::new(|| (), |_| load_admin());
    view! {
        <Title text=tr!(lang, "admin.title")/>
        <h1>{tr!(lang, "admin.title")}</h1>
        {done.map(|d| view! { <p class="notice ok" role="status">{tr!(lang, &format!("admin.done.{d}"))}</p> })}
        <Suspense fallback=|| ()>
            {move || {
                let st = st.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(d) => {
                            let v = |k: &str| st.values.get(k).cloned().unwrap_or_default();
                            let err = |form: &str| (st.form == form && !st.error.is_empty())
                                .then(|| view! { <p class="field-error" role="alert">{tr!(lang, &format!("error.{}", st.error))}</p> });
                            let rows = d.staff.iter().map(|s| {
                                let toggle = if s.active { "0" } else { "1" };
                                view! {
                                    <li class="case" class:inactive=!s.active>
                                        <strong>{s.name.clone()}</strong>
                                        <span>{s.email.clone()}</span>
                                        <span>{tr!(lang, &format!("role.{}", s.role))} {(!s.unit_codes.is_empty()).then(|| format!(" · {}", s.unit_codes.join(", ")))}</span>
                                        <form method="post" action="/staf/admin/aktif">
                                            <input type="hidden" name="csrf" value=d.user.csrf.clone()/>
                                            <input type="hidden" name="user_id" value=s.id.to_string()/>
                                            <input type="hidden" name="active" value=toggle/>
                                            <button type="submit" class="linklike">{if s.active { tr!(lang, "admin.deactivate") } else { tr!(lang, "admin.activate") }}</button>
                                        </form>
                                    </li>
                                }
                            }).collect_view();
                            let roles = Role::ALL.iter().map(|r| {
                                let sel = v("role") == r.code();
                                view! { <option value=r.code() selected=sel>{tr!(lang, &format!("role.{}", r.code()))}</option> }
                            }).collect_view();
                            let chosen: Vec<String> = v("units").split(',').map(|s| s.trim().to_string()).collect();
                            let unit_boxes = d.units.iter().map(|(c, n)| {
                                let checked = chosen.contains(c);
                                view! { <label class="check"><input type="checkbox" name="unit" value=c.clone() checked=checked/> {n.clone()}</label> }
                            }).collect_view();
                            let holidays = d.holidays.iter().map(|(day, name)| view! {
                                <li>
                                    <span class="mono">{day.clone()}</span> " " {name.clone()}
                                    <form method="post" action="/staf/admin/libur/hapus" class="inline">
                                        <input type="hidden" name="csrf" value=d.user.csrf.clone()/>
                                        <input type="hidden" name="day" value=day.clone()/>
                                        <button type="submit" class="linklike">{tr!(lang, "admin.remove")}</button>
                                    </form>
                                </li>
                            }).collect_view();
                            view! {
                                <p><a href="/staf">{tr!(lang, "console.back")}</a></p>
                                <section class="card">
                                    <h2>{tr!(lang, "admin.staff")}</h2>
                                    <ol class="queue">{rows}</ol>
                                    <h3>{tr!(lang, "admin.add_staff")}</h3>
                                    <p class="hint">{tr!(lang, "admin.add_staff_hint")}</p>
                                    <form method="post" action="/staf/admin/pengguna">
                                        {err("user")}
                                        <input type="hidden" name="csrf" value=d.user.csrf.clone()/>
                                        <label for="new-email" class="block">{tr!(lang, "console.email")}</label>
                                        <input id="new-email" name="email" type="email" required value=v("email")/>
                                        <label for="new-name" class="block">{tr!(lang, "complaint.name")}</label>
                                        <input id="new-name" name="name" type="text" required value=v("name")/>
                                        <label for="new-role" class="block">{tr!(lang, "admin.role")}</label>
                                        <select id="new-role" name="role">{roles}</select>
                                        <fieldset class="units"><legend>{tr!(lang, "admin.units")}</legend>{unit_boxes}</fieldset>
                                        <button type="submit" class="button primary">{tr!(lang, "admin.add_staff")}</button>
                                    </form>
                                </section>
                                <section class="card">
                                    <h2>{tr!(lang, "admin.units_title")}</h2>
                                    <ul class="units-list">{d.units.iter().map(|(c, n)| view! { <li><span class="mono">{c.clone()}</span> " " {n.clone()}</li> }).collect_view()}</ul>
                                    <h3>{tr!(lang, "admin.import_units")}</h3>
                                    <p class="hint">{tr!(lang, "admin.import_hint")}</p>
                                    <pre class="mono">"unit_code,unit_name,parent_code,service_code,service_name,monthly_served"</pre>
                                    {(st.form == "units").then(|| view! {
                                        <div class="notice error" role="alert">
                                            <p>{tr!(lang, "error.import_rejected")}</p>
                                            <ul>{st.values.iter().map(|(l, e)| view! { <li>{format!("{}: {e}", l.trim_start_matches("line ").trim_start_matches('0'))}</li> }).collect_view()}</ul>
                                        </div>
                                    })}
                                    <form method="post" action="/staf/admin/unit-csv" enctype="multipart/form-data">
                                        <input type="hidden" name="csrf" value=d.user.csrf.clone()/>
                                        <input type="file" name="csv" accept=".csv,text/csv" required/>
                                        <button type="submit" class="button">{tr!(lang, "admin.import")}</button>
                                    </form>
                                </section>
                                <section class="card">
                                    <h2>{tr!(lang, "admin.holidays")}</h2>
                                    <p class="hint">{tr!(lang, "admin.holidays_hint")}</p>
                                    <ul>{holidays}</ul>
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
                            }.into_any()
                        }
                        Err(e) => {
                            let msg = e.to_string();
                            #[cfg(feature = "ssr")]
                            {
                                if msg.contains(crate::triage::server_fns::UNAUTHORIZED) {
                                    leptos_axum::redirect("/staf/masuk?next=/staf/admin");
                                } else if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
                                    r.set_status(axum::http::StatusCode::FORBIDDEN);
                                }
                            }
                            if msg.contains("incident") {
                                crate::survey::pages::internal_error(lang, &e).into_any()
                            } else {
                                view! { <p class="notice error">{tr!(lang, "admin.forbidden")}</p> }.into_any()
                            }
                        }
                    }
                })
            }}
        </Suspense>
    }
}
