/* The application form, section page: autosave (JSON), rows added/removed/moved in place, live 金额/总计,
   the 500-字 counter, the 占会员总数 hint, partner names shown only for 是, 上一部分/下一部分 after saving.
   Without this script every button is a plain POST and the server does the same. No external host is ever contacted.
   Two tabs: each save sends only the inputs this tab changed since its base (the stored values it last learnt, a
   table whole) with their base values; the server writes those and refuses only a field another save changed too.
   After each save the section's messages are replaced by the server's (typed and stored values). */
(() => {
  "use strict";
  const form = document.getElementById("application-form");
  if (!form) return;
  form.classList.add("js");

  const statusLine = form.querySelector("[data-autosave-status]");
  const versionInput = form.querySelector("input[name=version]");
  const csrf = window.psyboost.csrfToken();
  const node = document.getElementById("application-form-messages");
  const T = node ? JSON.parse(node.textContent) : {};
  // "%(name)s" placeholders, as the server's gettext strings have them
  const fill = (text, values) =>
    String(text).replace(/%\((\w+)\)[sd]/g, (_m, key) => String(values[key])).replace(/%%/g, "%");
  let timer = null;
  let saving = false;
  let again = false;
  let paused = false;
  let dirty = false;
  let inflight = Promise.resolve(); // the save under way (and the one it started after it)
  let invalid = new Set(); // inputs whose typed value the server could not read (not stored)
  const NOT_INPUTS = new Set(["csrfmiddlewaretoken", "row_action", "version", "tables", "go"]);
  const kinds = Array.from(form.querySelectorAll("[data-table]")).map((table) => table.dataset.table);
  const kindOf = (name) => {
    const head = name.split("-")[0];
    return name.includes("-") && kinds.includes(head) ? head : null;
  };

  const say = (text, kind) => {
    statusLine.textContent = text;
    statusLine.className = `autosave-status${kind ? ` ${kind}` : ""}`;
  };

  /* ---- what this tab changed: every input as the server's ``stored`` names it ---- */
  const inputs = () => {
    const found = {};
    Array.from(form.elements).forEach((el) => {
      if (!el.name || el.disabled || NOT_INPUTS.has(el.name) || el.closest("template")) return;
      if (el.type === "submit" || el.type === "button") return;
      if (el.type === "radio") {
        if (!(el.name in found)) found[el.name] = "";
        if (el.checked) found[el.name] = el.value;
      } else if (el.type === "checkbox") {
        found[el.name] = el.checked ? el.value : "";
      } else {
        found[el.name] = el.value;
      }
    });
    return found;
  };
  // The base is what the server stored when it drew the page (input made before this script ran counts as a change).
  const storedNode = document.getElementById("application-form-stored");
  let base = storedNode ? JSON.parse(storedNode.textContent) : inputs();

  const changed = () => {
    const now = inputs();
    const data = {};
    const from = {};
    const tables = new Set();
    new Set([...Object.keys(now), ...Object.keys(base)]).forEach((name) => {
      if ((now[name] || "") === (base[name] || "")) return;
      const kind = kindOf(name);
      if (kind) {
        tables.add(kind);
      } else {
        data[name] = now[name] || "";
        from[name] = base[name] || "";
      }
    });
    tables.forEach((kind) => {
      Object.keys(now).filter((name) => kindOf(name) === kind).forEach((name) => { data[name] = now[name]; });
      Object.keys(base).filter((name) => kindOf(name) === kind).forEach((name) => { from[name] = base[name]; });
    });
    if (tables.size) {
      data.tables = Array.from(tables).join(",");
      from.tables = data.tables;
    }
    return { data, from, tables };
  };

  const setValue = (name, value) => {
    form.querySelectorAll(`[name="${name}"]`).forEach((el) => {
      if (el.type === "radio") el.checked = el.value === value;
      else if (el.type === "checkbox") el.checked = value === el.value;
      else el.value = value;
    });
  };

  // After a save: what this tab sent now stands at its stored value; a field it left alone that another save
  // changed is shown as stored (a table is not redrawn: its later change here is checked against the old base).
  const learn = (stored, sent) => {
    const now = inputs();
    Object.keys(stored || {}).forEach((name) => {
      const kind = kindOf(name);
      if (kind ? sent.tables.has(kind) : name in sent.data) {
        base[name] = stored[name];
      } else if (!kind && (now[name] || "") === (base[name] || "") && stored[name] !== (base[name] || "")) {
        setValue(name, stored[name]);
        base[name] = stored[name];
      }
    });
    sent.tables.forEach((kind) => {
      Object.keys(base).forEach((name) => {
        if (kindOf(name) === kind && !(name in stored)) delete base[name];
      });
    });
  };

  const setErrors = (errors) => {
    form.querySelectorAll("[data-errors-for]").forEach((list) => list.replaceChildren());
    form.querySelectorAll(".has-error").forEach((el) => el.classList.remove("live-error", "has-error"));
    Object.keys(errors || {}).forEach((name) => {
      const list = form.querySelector(`[data-errors-for="${name}"]`);
      if (!list) return;
      errors[name].forEach((message) => {
        const li = document.createElement("li");
        li.setAttribute("data-live", "");
        li.textContent = message;
        list.appendChild(li);
      });
      const holder = list.closest(".field") || list.closest("td");
      if (holder) holder.classList.add("live-error", "has-error");
    });
  };

  const setStatus = (status) => {
    const labels = T.status || {};
    Object.keys(status || {}).forEach((key) => {
      const badge = document.querySelector(`[data-status-of="${key}"]`);
      if (!badge) return;
      badge.textContent = labels[status[key]] || status[key];
      badge.className = `badge status-${status[key]}`;
    });
  };

  const showStale = (answer) => {
    paused = true;
    const box = document.getElementById("stale-live") || document.createElement("section");
    box.id = "stale-live";
    box.className = "panel stale";
    box.setAttribute("role", "alert");
    box.innerHTML = "";
    const p = document.createElement("p");
    p.className = "msg msg-error";
    p.textContent = answer.message;
    box.appendChild(p);
    const table = document.createElement("table");
    const head = table.insertRow();
    [T.item, T.theirs, T.yours].forEach((t) => {
      const th = document.createElement("th");
      th.textContent = t;
      head.appendChild(th);
    });
    (answer.changes || []).forEach((change) => {
      const row = table.insertRow();
      [change.label, change.saved, change.yours].forEach((t) => {
        row.insertCell().textContent = t;
      });
    });
    const wrap = document.createElement("div");
    wrap.className = "table-wrap";
    wrap.appendChild(table);
    box.appendChild(wrap);
    const keep = document.createElement("button");
    keep.type = "button";
    keep.textContent = T.keep_mine;
    keep.addEventListener("click", () => {
      versionInput.value = answer.version;
      (answer.fields || []).forEach((field) => {
        Object.keys(answer.stored || {}).forEach((name) => {
          if (name === field || kindOf(name) === field) base[name] = answer.stored[name];
        });
      });
      paused = false;
      box.remove();
      save(true);
    });
    const reload = document.createElement("a");
    reload.href = window.location.pathname;
    reload.textContent = T.reload;
    reload.className = "button secondary";
    box.appendChild(keep);
    box.appendChild(document.createTextNode(" "));
    box.appendChild(reload);
    form.parentNode.insertBefore(box, form);
    say(T.stale, "error");
  };

  const save = (explicit) => {
    if (paused && !explicit) return Promise.resolve();
    if (saving) {
      again = true;
      return inflight;
    }
    saving = true;
    dirty = false;
    say(T.saving);
    const sent = changed();
    const body = JSON.stringify({
      section: form.dataset.section,
      version: versionInput.value,
      data: sent.data,
      base: sent.from,
    });
    inflight = fetch(form.dataset.autosaveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      body,
    })
      .then((response) => {
        if ((response.headers.get("Content-Type") || "").indexOf("application/json") !== 0) {
          return { code: response.status, answer: { error: T.signed_out } };
        }
        return response.json().then((answer) => ({ code: response.status, answer }));
      })
      .then(({ code, answer }) => {
        if (code === 409 && answer.stale) {
          showStale(answer);
          return;
        }
        if (code !== 200) {
          dirty = true;
          say(answer.error || T.failed, "error");
          return;
        }
        versionInput.value = answer.version;
        learn(answer.stored, sent);
        invalid = new Set(answer.invalid || []);
        setErrors(answer.errors);
        setStatus(answer.status);
        budget();
        const note = form.querySelector("[data-invalid-note]");
        if (note && !invalid.size) note.remove();
        const count = invalid.size;
        say(fill(count ? T.saved_with_errors : T.saved, { time: answer.saved_at, count }), count ? "warn" : "ok");
      })
      .catch(() => {
        dirty = true;
        say(T.offline, "error");
      })
      .then(() => {
        saving = false;
        if (again) {
          again = false;
          return save();
        }
        return undefined;
      });
    return inflight;
  };

  const soon = () => {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, 1500);
  };
  form.addEventListener("input", (event) => {
    if (!event.target.closest("template")) soon();
  });
  form.addEventListener("change", () => {
    clearTimeout(timer);
    save();
  });
  form.addEventListener("focusout", () => {
    if (dirty) {
      clearTimeout(timer);
      save();
    }
  });
  window.addEventListener("online", () => {
    if (dirty) save();
  });
  // Leaving with input not yet saved, or typed values the server could not read, asks first.
  window.addEventListener("beforeunload", (event) => {
    if (dirty || saving || invalid.size) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  /* ---- rows: add, remove, move, renumber ---- */
  const renumber = (table) => {
    const kind = table.dataset.table;
    const pattern = new RegExp(`^(id_)?${kind}-(\\d+|__prefix__)-`);
    table.querySelectorAll("tbody[data-rows] > tr[data-row]").forEach((tr, index) => {
      tr.querySelector("[data-row-number]").textContent = index + 1;
      tr.querySelectorAll("[name],[id],[for],[data-errors-for],button[value]").forEach((el) => {
        ["name", "id", "for", "data-errors-for"].forEach((attr) => {
          const value = el.getAttribute(attr);
          if (value) el.setAttribute(attr, value.replace(pattern, `$1${kind}-${index}-`));
        });
        if (el.getAttribute("name") === "row_action") {
          el.value = el.value.replace(/:(\d+|__prefix__)$/, `:${index}`);
        }
      });
    });
    const empty = table.querySelector("[data-empty]");
    if (empty) empty.hidden = table.querySelectorAll("tr[data-row]").length > 0;
  };

  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[name=row_action]");
    if (!button) return;
    event.preventDefault();
    const table = button.closest("[data-table]");
    const body = table.querySelector("tbody[data-rows]");
    const row = button.closest("tr[data-row]");
    if (button.hasAttribute("data-row-add")) {
      const fresh = table.querySelector("template[data-row-template]").content.firstElementChild.cloneNode(true);
      body.appendChild(fresh);
      renumber(table);
      const first = fresh.querySelector("input,select,textarea");
      if (first) first.focus();
      return;
    } else if (button.hasAttribute("data-row-remove")) {
      row.remove();
    } else if (button.hasAttribute("data-row-up") && row.previousElementSibling) {
      body.insertBefore(row, row.previousElementSibling);
    } else if (button.hasAttribute("data-row-down") && row.nextElementSibling) {
      body.insertBefore(row.nextElementSibling, row);
    }
    renumber(table);
    budget();
    clearTimeout(timer);
    save();
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault(); // the explicit save goes as JSON too: no field-count limit, no page reload
    clearTimeout(timer);
    const going = event.submitter && event.submitter.name === "go" ? event.submitter.dataset.goUrl : null;
    const saved = saving ? inflight.then(() => save(true)) : save(true);
    saved.then(() => {
      if (going && !paused && !dirty && !saving && !invalid.size) window.location.assign(going);
    });
  });

  /* ---- 经费预算: exact decimals, as the server (金额 = 单价 × 数量, rounded half up to the fen for display) ---- */
  const cents = (raw, places) => {
    const text = String(raw || "")
      .trim()
      .replace(/,/g, "");
    const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
    if (!match || (match[2] || "").replace(/0+$/, "").length > places) return null;
    const fraction = `${match[2] || ""}0000`.slice(0, places);
    return BigInt(match[1] + fraction);
  };
  // value: BigInt with `scale` decimals → "20,000.00"
  const money = (value, scale) => {
    const divisor = BigInt(10) ** BigInt(scale - 2);
    const fen = (value + divisor / BigInt(2)) / divisor;
    const yuan = (fen / BigInt(100)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return `${yuan}.${(fen % BigInt(100)).toString().padStart(2, "0")}`;
  };
  function budget() {
    const table = form.querySelector('[data-table="budget_items"]');
    if (!table || typeof BigInt === "undefined") return;
    let total = BigInt(0);
    table.querySelectorAll("tr[data-row]").forEach((tr) => {
      const price = cents(tr.querySelector('[data-column="unit_price"]').value, 2);
      const quantity = cents(tr.querySelector('[data-column="quantity"]').value, 2);
      const cell = tr.querySelector("[data-amount]");
      if (price === null || quantity === null) {
        cell.textContent = "";
        return;
      }
      const value = price * quantity; // 4 decimals
      total += value;
      cell.textContent = money(value, 4);
    });
    const grantAmount = cents(form.dataset.grantAmount, 2) * BigInt(100);
    const grant = total < grantAmount ? total : grantAmount;
    table.querySelector("[data-total]").textContent = money(total, 4);
    table.querySelector("[data-grant]").textContent = money(grant, 4);
    table.querySelector("[data-self-funded]").textContent = money(total - grant, 4);
  }
  form.addEventListener("input", (event) => {
    if (event.target.closest('[data-table="budget_items"]')) budget();
  });
  budget();

  /* ---- 单位简介: characters as the server counts them ---- */
  form.querySelectorAll("[data-counter-for]").forEach((counter) => {
    const area = document.getElementById(counter.dataset.counterFor);
    const limit = Number(counter.dataset.limit);
    const update = () => {
      const count = Array.from(area.value.replace(/\r\n/g, "\n")).length;
      const text = count > limit ? T.counter_over : T.counter;
      counter.textContent = fill(text, { count, limit, over: count - limit });
      counter.classList.toggle("over", count > limit);
    };
    area.addEventListener("input", update);
    update();
  });

  /* ---- 占会员总数: 服务人数 ÷ 持卡职工人数 ---- */
  const hint = form.querySelector("[data-share-hint]");
  const served = form.querySelector("[name=past_beneficiary_count]");
  if (hint && served && hint.dataset.cardHolders) {
    served.addEventListener("input", () => {
      const count = cents(served.value, 0);
      const members = cents(hint.dataset.cardHolders, 0);
      if (count === null || !members) return;
      const tenths = ((count * BigInt(2000)) / members + BigInt(1)) / BigInt(2); // one decimal, half up
      hint.textContent = fill(T.share_hint, { hint: `${tenths / BigInt(10)}.${tenths % BigInt(10)}` });
    });
  }

  /* ---- partner names: shown only when 是 ---- */
  form.querySelectorAll("[data-partner-of]").forEach((holder) => {
    const radios = form.querySelectorAll(`input[name="${holder.dataset.partnerOf}"]`);
    const update = () => {
      const yes = form.querySelector(`input[name="${holder.dataset.partnerOf}"]:checked`);
      holder.hidden = !(yes && yes.value === "True");
    };
    radios.forEach((radio) => radio.addEventListener("change", update));
    update();
  });
})();
