// cleaner review page; inlined into report.html by cleaner/html_report.py. No network access.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("cleaner-data").textContent);
  var findings = data.findings;
  var touched = {}; // fid -> {decision, allow}
  var current = null;
  // decisions survive a reload: kept in the browser under a key made from the page's findings
  // (a page of other findings, or of this run's findings changed, restores nothing)
  var storeKey = "cleaner-review:" + fingerprint(document.getElementById("cleaner-data").textContent);

  function fingerprint(text) {
    var h = 0x811c9dc5; // FNV-1a, 32 bits
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return text.length + "-" + h.toString(16);
  }

  function save() {
    try { window.localStorage.setItem(storeKey, JSON.stringify(touched)); } catch (e) { /* off */ }
  }

  function restore() {
    var kept = null;
    try { kept = JSON.parse(window.localStorage.getItem(storeKey) || "null"); } catch (e) { return; }
    if (!kept || typeof kept !== "object") { return; }
    Object.keys(kept).forEach(function (fid) {
      var t = kept[fid], f = Object.prototype.hasOwnProperty.call(findings, fid) && findings[fid];
      if (!f || f.tier === "flag" || !t || (t.decision !== "accept" && t.decision !== "reject")) {
        return;
      }
      touched[fid] = {decision: t.decision, allow: t.decision === "reject" && t.allow === true};
    });
  }

  function effective(fid) {
    var t = touched[fid];
    return t ? t.decision : findings[fid]["default"];
  }

  function paint(fid) {
    var f = findings[fid];
    if (!f || f.tier === "flag") { return; }
    var verdict = effective(fid);
    var t = touched[fid];
    var label = verdict === "accept" ? "accepted" : "rejected";
    if (!t) { label += " (default)"; } else if (t.allow) { label += " + allow"; }
    var els = [document.getElementById(fid), document.getElementById("row-" + fid)];
    els.forEach(function (el) {
      if (!el) { return; }
      el.classList.toggle("is-accepted", verdict === "accept");
      el.classList.toggle("is-rejected", verdict === "reject");
      el.setAttribute("data-decision", verdict);
      var st = el.querySelector(".state, .tip-state");
      if (st) { st.textContent = label; }
    });
    var row = els[1];
    if (row) {
      row.querySelectorAll("button[data-act]").forEach(function (b) {
        var act = b.getAttribute("data-act");
        var on = act === "allow" ? (verdict === "reject" && !!(t && t.allow))
          : act === verdict && !(act === "reject" && t && t.allow);
        b.classList.toggle("on", on);
        b.setAttribute("aria-pressed", on ? "true" : "false");
      });
    }
  }

  function decide(fid, act) {
    var f = findings[fid];
    if (!f || f.tier === "flag") { return; }
    if (act === "allow") {
      touched[fid] = {decision: "reject", allow: true};
    } else {
      touched[fid] = {decision: act, allow: false};
    }
    paint(fid);
    updateCount();
    save();
  }

  function decisions() {
    var out = [];
    Object.keys(touched).forEach(function (fid) {
      var f = findings[fid];
      out.push({
        document: f.document, rule: f.rule, original: f.original, replacement: f.replacement,
        before: f.before, after: f.after, occurrence: f.occurrence,
        decision: touched[fid].decision, allow: touched[fid].allow
      });
    });
    return {schema: data.schema, decisions: out};
  }
  window.cleanerDecisions = decisions;

  function updateCount() {
    var n = Object.keys(touched).length;
    document.getElementById("decision-count").textContent =
      n + (n === 1 ? " decision" : " decisions");
  }

  function exportDecisions() {
    var text = JSON.stringify(decisions(), null, 1);
    document.getElementById("decisions-json").value = text;
    try {
      var blob = new Blob([text + "\n"], {type: "application/json"});
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = "decisions.json";
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    } catch (e) { /* the textarea still holds the decisions */ }
  }

  // filters
  function selected(kind) {
    var s = {};
    document.querySelectorAll('input[data-filter="' + kind + '"]').forEach(function (i) {
      if (i.checked) { s[i.value] = true; }
    });
    return s;
  }
  function applyFilters() {
    var tiers = selected("tier"), stages = selected("stage"), rules = selected("rule");
    document.querySelectorAll(".f, .row").forEach(function (el) {
      var ok = tiers[el.getAttribute("data-tier")] && stages[el.getAttribute("data-stage")] &&
        rules[el.getAttribute("data-rule")];
      if (el.classList.contains("row")) { el.hidden = !ok; } else { el.classList.toggle("off", !ok); }
      if (el.classList.contains("f")) { el.tabIndex = ok ? 0 : -1; }
    });
    if (current && !navigable(current)) { setCurrent(null); }
  }

  // keyboard navigation
  function navigable(el) {
    return el.classList.contains("f") ? !el.classList.contains("off") : !el.hidden;
  }
  function stops() {
    return Array.prototype.filter.call(document.querySelectorAll(".f, .row.nav"), navigable);
  }
  function setCurrent(el, focused) {
    document.querySelectorAll(".current").forEach(function (c) { c.classList.remove("current"); });
    current = el;
    if (!el) { return; }
    el.classList.add("current");
    var row = document.getElementById("row-" + el.getAttribute("data-fid"));
    if (row && row !== el) { row.classList.add("current"); }
    if (focused) { return; }  // the reader put the focus there: leave it and the scroll be
    el.focus({preventScroll: true});
    el.scrollIntoView({block: "center"});
  }
  function step(delta) {
    var list = stops();
    if (!list.length) { return; }
    var i = current ? list.indexOf(current) : -1;
    i = i < 0 ? (delta > 0 ? 0 : list.length - 1) : (i + delta + list.length) % list.length;
    setCurrent(list[i]);
  }

  document.addEventListener("keydown", function (ev) {
    var tag = (ev.target && ev.target.tagName) || "";
    if (ev.ctrlKey || ev.metaKey || ev.altKey || tag === "INPUT" || tag === "TEXTAREA") { return; }
    var k = ev.key;
    if (k === "j" || k === "n") { step(1); } else if (k === "k" || k === "p") { step(-1); }
    else if (current && (k === "a" || k === "r" || k === "w")) {
      decide(current.getAttribute("data-fid"), k === "a" ? "accept" : k === "r" ? "reject" : "allow");
    } else { return; }
    ev.preventDefault();
  });

  document.addEventListener("click", function (ev) {
    var b = ev.target.closest("button[data-act]");
    if (b) { decide(b.getAttribute("data-fid"), b.getAttribute("data-act")); return; }
    var mark = ev.target.closest(".f");
    if (mark && !mark.classList.contains("off")) { setCurrent(mark); }
  });
  // the finding the focus is on (Tab, a position link, a row's button) is the one the keys
  // decide, not the last one reached with j/k
  document.addEventListener("focusin", function (ev) {
    var stop = ev.target.closest ? ev.target.closest(".f, .row.nav") : null;
    if (stop && stop !== current && navigable(stop)) { setCurrent(stop, true); }
  });
  document.getElementById("export").addEventListener("click", exportDecisions);
  document.querySelectorAll("input[data-filter]").forEach(function (i) {
    i.addEventListener("change", applyFilters);
  });
  restore();
  Object.keys(findings).forEach(paint);
  updateCount();
  document.body.setAttribute("data-ready", "1");
})();
