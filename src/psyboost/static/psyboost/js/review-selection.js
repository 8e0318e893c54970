// The selection page's "已选 N/名额", counted again on each tick. Texts from the output's data attributes; without
// JavaScript the count is the one drawn by the server.
(() => {
  "use strict";
  const start = () => {
    const output = document.getElementById("selected-count");
    const form = output && output.closest("form");
    if (!form) return;
    const boxes = Array.from(form.querySelectorAll('input[type="checkbox"][name="selected"]'));
    const quota = Number(output.dataset.quota);
    const update = () => {
      const count = boxes.filter((box) => box.checked).length;
      const over = count > quota;
      output.textContent =
        output.dataset.template.split("{count}").join(String(count)).split("{quota}").join(String(quota)) +
        (over ? output.dataset.over : "");
      output.classList.toggle("over-quota", over);
    };
    boxes.forEach((box) => box.addEventListener("change", update));
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
