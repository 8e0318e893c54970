// The attachments panel ({% attachments_panel %}, applications/views/attachments_html.py) with JavaScript: uploads.js sends the files
// as they are chosen, so the plain "上传" button goes, and each finished file joins its kind's list at once.
(() => {
  "use strict";

  function item(detail) {
    const li = document.createElement("li");
    li.className = "attachment";
    li.dataset.kind = detail.kind;
    if (detail.thumbnail_url) {
      const link = document.createElement("a");
      link.href = detail.inline_url;
      const img = document.createElement("img");
      img.className = "attachment-thumb";
      img.src = detail.thumbnail_url;
      img.alt = detail.name;
      img.width = 160;
      link.append(img);
      li.append(link);
    } else if (detail.content_type === "video/mp4" || detail.content_type === "video/quicktime") {
      const video = document.createElement("video");
      video.className = "attachment-video";
      video.controls = true;
      video.preload = "metadata";
      video.src = detail.inline_url;
      li.append(video);
    }
    const name = document.createElement("a");
    name.className = "attachment-name";
    name.href = detail.url;
    name.textContent = detail.name;
    li.append(" ", name, " ");
    const form = document.createElement("form");
    form.method = "post";
    form.action = detail.delete_url;
    form.className = "inline";
    const token = document.createElement("input");
    token.type = "hidden";
    token.name = "csrfmiddlewaretoken";
    token.value = window.psyboost.csrfToken();
    const next = document.createElement("input");
    next.type = "hidden";
    next.name = "next";
    next.value = window.location.pathname + window.location.search + "#attachments-" + detail.kind;
    const button = document.createElement("button");
    button.type = "submit";
    button.className = "link";
    button.textContent = "删除";
    form.append(token, next, button);
    form.addEventListener("submit", (event) => {
      if (!window.confirm("确定删除此附件吗？")) event.preventDefault();
    });
    li.append(form);
    return li;
  }

  function enhance() {
    document.querySelectorAll(".attachment-upload-submit").forEach((button) => button.remove());
    document.querySelectorAll(".attachments-panel:not([data-panel-ready])").forEach((panel) => {
      panel.dataset.panelReady = "1"; // the panel may be included (with this script) more than once per page
      panel.addEventListener("psyboost:uploaded", (event) => {
        const detail = (event.detail && event.detail.object) || {};
        const list = panel.querySelector(`[data-attachment-list="${detail.kind}"]`);
        if (!list) return;
        list.querySelectorAll(".attachment-none").forEach((empty) => empty.remove());
        list.append(item(detail));
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
