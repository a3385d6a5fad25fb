//! A progress bar for large uploads. Without JavaScript the form posts as usual; once
//! hydrated, the island sends it with `XMLHttpRequest` and shows how much has gone up, then
//! how the server answered (the result page, or the page with the refused lines).

use leptos::prelude::*;

/// Wraps a form marked `data-progress`.
#[island]
pub fn UploadProgress(label: String, children: Children) -> impl IntoView {
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        send::start(&ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = &ev;
    };
    view! {
        <div class="upload" on:submit=on_submit>
            {children()}
            <div class="upload-progress" hidden>
                <progress max="100" value="0"></progress>
                <span role="status">{label}</span>
            </div>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod send {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    pub fn start(ev: &leptos::ev::SubmitEvent) {
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        let Ok(data) = web_sys::FormData::new_with_form(&form) else {
            return;
        };
        let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
            return;
        };
        if xhr.open("POST", &form.action()).is_err() {
            return;
        }
        ev.prevent_default();
        // The form sits inside the island's children wrapper, not directly in `.upload`.
        let box_ = form
            .closest(".upload")
            .ok()
            .flatten()
            .and_then(|p| p.query_selector(".upload-progress").ok().flatten());
        let bar = box_
            .as_ref()
            .and_then(|b| b.query_selector("progress").ok().flatten())
            .and_then(|p| p.dyn_into::<web_sys::HtmlProgressElement>().ok());
        if let Some(b) = &box_ {
            let _ = b.remove_attribute("hidden");
        }
        if let Some(button) = form.query_selector("button").ok().flatten() {
            let _ = button.set_attribute("disabled", "");
        }
        let on_progress =
            Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
                if let Some(bar) = &bar {
                    if e.length_computable() && e.total() > 0.0 {
                        bar.set_value(100.0 * e.loaded() / e.total());
                    } else {
                        let _ = bar.remove_attribute("value");
                    }
                }
            });
        if let Ok(up) = xhr.upload() {
            up.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        }
        on_progress.forget();
        let done_xhr = xhr.clone();
        let on_load = Closure::<dyn FnMut()>::new(move || {
            let url = done_xhr.response_url();
            let html = done_xhr.response_text().ok().flatten().unwrap_or_default();
            let doc = leptos::prelude::document();
            if done_xhr.status() == Ok(200) && !url.is_empty() {
                // Followed the redirect to the result page: go there.
                let _ = leptos::prelude::window().location().assign(&url);
            } else if let Some(root) = doc.document_element() {
                // The page with the refused lines: show it as the browser would.
                root.set_inner_html(&html);
                // The refused lines head the page: bring them into view.
                if let Ok(Some(notice)) = doc.query_selector(".notice.error") {
                    notice.scroll_into_view();
                }
            }
        });
        xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
        on_load.forget();
        let _ = xhr.send_with_opt_form_data(Some(&data));
    }
}
