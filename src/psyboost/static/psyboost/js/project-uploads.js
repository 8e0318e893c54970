// Project forms (activities, expenses, receipt, closing materials) with JavaScript: uploads.js sends each file as
// it is chosen (tus, resumable); here the finished file is named in its form by a hidden "<field>_uploaded" input
// and listed under its field, so the form's own submit carries only the ids. A single-file field keeps the last.
(() => {
  "use strict";

  const onUploaded = (event) => {
    const input = event.target;
    if (!input.matches || !input.matches("input[data-upload-field]")) return;
    const detail = (event.detail && event.detail.object) || {};
    if (!detail.id) return;
    const field = input.dataset.uploadField;
    const list = input.closest(".project-upload").querySelector(`[data-uploaded-for="${field}"]`);
    if (input.dataset.uploadSingle) list.replaceChildren();
    const item = document.createElement("li");
    item.textContent = detail.name;
    const hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = `${field}_uploaded`;
    hidden.value = String(detail.id);
    item.append(hidden);
    list.append(item);
  };

  document.addEventListener("psyboost:uploaded", onUploaded);
})();
