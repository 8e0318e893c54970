// Resumable uploads (tus 1.0) for <input type="file" data-upload-purpose="…" data-upload-kind="…"
// data-upload-target="…">. Without this file the input stays a plain field of a multipart form.
//
// Each chosen file is sent in chunks (32 MB unless data-upload-chunk-size says otherwise) with a progress bar. An
// interrupted upload resumes: the upload's URL is kept in localStorage, keyed by purpose, kind, target and the
// file's name, size and date; choosing the same file again asks the server how much it holds and continues. A
// failed chunk is retried with growing pauses. The server's message (Chinese) appears next to the field. When a
// file is in, the input fires `psyboost:uploaded` (bubbling) whose `detail` is the server's JSON for it;
// a refused file fires `psyboost:upload-error` with `detail.message`.
(() => {
  "use strict";

  const TUS_VERSION = "1.0.0";
  // 32 MB: each PATCH costs one request with its queries and commit, so larger chunks bring the upload nearer the
  // disk's speed (bench/bench_upload.py: 0.77 of dd with 32 MB, 0.64 with 8 MB); nginx buffers a chunk whole before
  // the application sees it, so a slow line does not hold a worker for it (deploy/nginx.conf).
  const DEFAULT_CHUNK = 32 * 1024 * 1024;
  const RETRY_DELAYS = [1000, 3000, 10000, 30000];
  // Answers that retrying cannot change: the message is shown and the upload given up.
  const FINAL = new Set([403, 404, 410, 411, 412, 413, 415, 422, 429, 507]);
  const MSG = {
    waiting: "等待上传…",
    resuming: "继续上次中断的上传…",
    uploading: "上传中",
    retrying: "网络中断，正在重试…",
    checking: "正在检查文件…",
    done: "上传完成",
    cancelled: "已取消",
    cancel: "取消",
    interrupted: "上传中断。请检查网络后重新选择同一文件，将从中断处继续。",
    forbidden: "会话已过期或无权操作，请刷新页面后重试。",
    tooLarge: "文件过大，服务器拒绝接收。",
    failed: (status) => `上传失败（HTTP ${status}），请稍后重试。`,
  };

  class UploadError extends Error {
    constructor(message, final) {
      super(message);
      this.final = final;
    }
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function base64(text) {
    let binary = "";
    new TextEncoder().encode(text).forEach((byte) => {
      binary += String.fromCharCode(byte);
    });
    return btoa(binary);
  }

  function encodeMetadata(pairs) {
    return Object.entries(pairs)
      .map(([key, value]) => (value ? `${key} ${base64(String(value))}` : key))
      .join(",");
  }

  const store = {
    get(key) {
      try {
        return window.localStorage.getItem(key);
      } catch (_error) {
        return null;
      }
    },
    set(key, value) {
      try {
        window.localStorage.setItem(key, value);
      } catch (_error) {
        // private browsing or full: the upload still works, it just cannot resume after a reload
      }
    },
    remove(key) {
      try {
        window.localStorage.removeItem(key);
      } catch (_error) {
        // as above
      }
    },
  };

  // One HTTP request; resolves with the XMLHttpRequest whatever the status (status 0: the network failed).
  function send(method, url, { headers = {}, body = null, onProgress = null, onStart = null } = {}) {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader("Tus-Resumable", TUS_VERSION);
      if (method !== "GET" && method !== "HEAD") xhr.setRequestHeader("X-CSRFToken", window.psyboost.csrfToken());
      Object.entries(headers).forEach(([name, value]) => xhr.setRequestHeader(name, value));
      if (onProgress) xhr.upload.addEventListener("progress", (event) => onProgress(event.loaded));
      xhr.addEventListener("loadend", () => resolve(xhr));
      if (onStart) onStart(xhr);
      xhr.send(body);
    });
  }

  function serverMessage(xhr) {
    try {
      const data = JSON.parse(xhr.responseText);
      if (data && data.error) return data.error;
    } catch (_error) {
      // not our JSON (a proxy's page, the CSRF failure page): say it plainly
    }
    if (xhr.status === 403) return MSG.forbidden;
    if (xhr.status === 413) return MSG.tooLarge;
    return MSG.failed(xhr.status);
  }

  class FileUpload {
    constructor(field, file) {
      this.field = field;
      this.input = field.input;
      this.file = file;
      this.endpoint = this.input.dataset.uploadEndpoint || "/uploads/";
      this.chunkSize = Number(this.input.dataset.uploadChunkSize) || DEFAULT_CHUNK;
      this.key = [
        "psyboost.upload",
        this.input.dataset.uploadPurpose,
        this.input.dataset.uploadKind,
        this.input.dataset.uploadTarget || "",
        file.name,
        file.size,
        file.lastModified,
      ].join("|");
      this.cancelled = false;
      this.terminated = false;
      this.xhr = null;
      this.buildRow();
    }

    buildRow() {
      this.row = document.createElement("div");
      this.row.className = "upload-item";
      this.row.dataset.state = "waiting";
      const name = document.createElement("span");
      name.className = "upload-name";
      name.textContent = this.file.name;
      this.bar = document.createElement("progress");
      this.bar.max = 100;
      this.bar.value = 0;
      this.percent = document.createElement("span");
      this.percent.className = "upload-percent";
      this.percent.textContent = "0%";
      this.message = document.createElement("span");
      this.message.className = "upload-message";
      this.message.textContent = MSG.waiting;
      this.cancelButton = document.createElement("button");
      this.cancelButton.type = "button";
      this.cancelButton.className = "link upload-cancel";
      this.cancelButton.textContent = MSG.cancel;
      this.cancelButton.addEventListener("click", () => this.cancel());
      this.row.append(name, this.bar, this.percent, this.message, this.cancelButton);
      this.field.list.append(this.row);
    }

    progress(bytes) {
      const share = this.file.size ? Math.min(100, Math.floor((bytes / this.file.size) * 100)) : 100;
      this.bar.value = share;
      this.percent.textContent = `${share}%`;
    }

    note(text, state) {
      this.message.textContent = text;
      if (state) this.row.dataset.state = state;
    }

    async run() {
      try {
        let offset = null;
        this.url = store.get(this.key);
        if (this.url) {
          this.note(MSG.resuming, "uploading");
          offset = await this.head();
          if (offset === null) {
            store.remove(this.key);
            this.url = null;
          }
        }
        if (!this.url) {
          this.url = await this.create();
          store.set(this.key, this.url);
          offset = 0;
        }
        await this.upload(offset);
        const result = await this.result();
        store.remove(this.key);
        this.progress(this.file.size);
        this.note(MSG.done, "done");
        this.cancelButton.remove();
        this.input.dispatchEvent(new CustomEvent("psyboost:uploaded", { bubbles: true, detail: result }));
      } catch (error) {
        if (this.cancelled) {
          store.remove(this.key);
          if (this.url) await this.terminate(); // cancelled while the upload was being created
          return;
        }
        const final = !(error instanceof UploadError) || error.final;
        if (final) store.remove(this.key);
        this.fail(error instanceof UploadError ? error.message : MSG.interrupted);
      }
    }

    fail(message) {
      this.note(message, "failed");
      this.cancelButton.remove();
      this.field.showError(`${this.file.name}：${message}`);
      this.input.dispatchEvent(
        new CustomEvent("psyboost:upload-error", { bubbles: true, detail: { name: this.file.name, message } }),
      );
    }

    async create() {
      const xhr = await send("POST", this.endpoint, {
        headers: {
          "Upload-Length": String(this.file.size),
          "Upload-Metadata": encodeMetadata({
            filename: this.file.name,
            kind: this.input.dataset.uploadKind,
            purpose: this.input.dataset.uploadPurpose,
            target: this.input.dataset.uploadTarget || "",
          }),
        },
      });
      if (xhr.status !== 201) throw new UploadError(xhr.status ? serverMessage(xhr) : MSG.interrupted, true);
      return new URL(xhr.getResponseHeader("Location"), window.location.href).toString();
    }

    // The server's offset; null if the upload is unknown or gone (start again); throws for a final refusal.
    async head() {
      for (let attempt = 0; ; attempt += 1) {
        const xhr = await send("HEAD", this.url);
        if (xhr.status === 200) return Number(xhr.getResponseHeader("Upload-Offset"));
        if (xhr.status === 404 || xhr.status === 410) return null;
        if (FINAL.has(xhr.status)) throw new UploadError(serverMessage(xhr), true);
        if (attempt >= RETRY_DELAYS.length) throw new UploadError(MSG.interrupted, false);
        this.note(MSG.retrying, "retrying");
        await sleep(RETRY_DELAYS[attempt]);
      }
    }

    async upload(start) {
      let offset = start;
      let failures = 0;
      this.progress(offset);
      for (;;) {
        if (this.cancelled) throw new UploadError(MSG.cancelled, true);
        const end = Math.min(offset + this.chunkSize, this.file.size);
        this.note(end >= this.file.size ? MSG.checking : MSG.uploading, "uploading");
        const base = offset;
        const xhr = await send("PATCH", this.url, {
          headers: { "Content-Type": "application/offset+octet-stream", "Upload-Offset": String(offset) },
          body: this.file.slice(offset, end),
          onProgress: (loaded) => this.progress(base + loaded),
          onStart: (request) => {
            this.xhr = request;
          },
        });
        this.xhr = null;
        if (xhr.status === 204) {
          offset = Number(xhr.getResponseHeader("Upload-Offset"));
          failures = 0;
          this.progress(offset);
          if (offset >= this.file.size) return;
          continue;
        }
        if (this.cancelled) throw new UploadError(MSG.cancelled, true);
        if (FINAL.has(xhr.status)) throw new UploadError(serverMessage(xhr), true);
        // The network failed, the server erred, or we disagree on the offset: pause, ask, continue from there.
        if (failures >= RETRY_DELAYS.length) throw new UploadError(MSG.interrupted, false);
        this.note(MSG.retrying, "retrying");
        await sleep(RETRY_DELAYS[failures]);
        failures += 1;
        const held = await this.head();
        if (held === null) throw new UploadError(MSG.interrupted, true);
        offset = held;
      }
    }

    async result() {
      for (let attempt = 0; ; attempt += 1) {
        const xhr = await send("GET", this.url);
        if (xhr.status === 200) {
          const data = JSON.parse(xhr.responseText);
          if (data.state === "done") return data.result;
        } else if (xhr.status) {
          throw new UploadError(serverMessage(xhr), true);
        }
        if (attempt >= RETRY_DELAYS.length) throw new UploadError(MSG.interrupted, false);
        await sleep(RETRY_DELAYS[attempt]);
      }
    }

    async cancel() {
      this.cancelled = true;
      if (this.xhr) this.xhr.abort();
      store.remove(this.key);
      this.note(MSG.cancelled, "cancelled");
      this.cancelButton.remove();
      if (this.url) await this.terminate();
    }

    // Tell the server to drop the upload (once). The aborted chunk may still hold it for a moment (423).
    async terminate() {
      if (this.terminated) return;
      this.terminated = true;
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const xhr = await send("DELETE", this.url);
        if (xhr.status !== 423) return;
        await sleep(RETRY_DELAYS[attempt]);
      }
    }
  }

  class UploadField {
    constructor(input) {
      this.input = input;
      this.container = input.closest(".field") || input.parentElement;
      this.list = document.createElement("div");
      this.list.className = "upload-list";
      this.list.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", this.list);
      input.addEventListener("change", () => this.start());
    }

    showError(text) {
      if (!this.errors) {
        this.errors = document.createElement("ul");
        this.errors.className = "errorlist upload-errors";
        this.errors.setAttribute("role", "alert");
        this.list.insertAdjacentElement("afterend", this.errors);
      }
      const item = document.createElement("li");
      item.textContent = text;
      this.errors.append(item);
      if (this.container) this.container.classList.add("has-error");
    }

    clearErrors() {
      if (this.errors) this.errors.replaceChildren();
      if (this.container) this.container.classList.remove("has-error");
    }

    async start() {
      const files = Array.from(this.input.files || []);
      // The field is emptied at once: a plain form submit must not send the files again, and choosing the same
      // file again (to resume) must fire "change".
      this.input.value = "";
      if (!files.length) return;
      this.clearErrors();
      const uploads = files.map((file) => new FileUpload(this, file));
      for (const upload of uploads) {
        await upload.run();
      }
    }
  }

  const SELECTOR = "input[type=file][data-upload-purpose]:not([data-upload-ready])";

  function enhance(root) {
    const inputs = Array.from(root.querySelectorAll(SELECTOR));
    if (root.matches && root.matches(SELECTOR)) inputs.push(root);
    inputs.forEach((input) => {
      input.dataset.uploadReady = "1";
      new UploadField(input);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => enhance(document));
  } else {
    enhance(document);
  }
  document.addEventListener("htmx:load", (event) => enhance(event.target));
})();
