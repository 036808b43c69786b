/* Filters of the network directory (netwerk/index.html).
 *
 * The cards are plain HTML, so the page works without this script. The script
 * reads the JSON index named in data-index (netwerk/leden.json), builds the
 * filter form (role, kind, expertise, city, and a search box over names,
 * expertise, bios, offers and needs) and hides the cards that do not match.
 * The form's words come from the index ("ui"), in the page's language. The chosen filters are kept in the address (?expertise=...), so a
 * filtered list can be shared. Text from the index is only ever set with
 * textContent, never as HTML.
 */
(function () {
  "use strict";

  var FILTERS = ["roles", "kind", "expertise", "city"];

  function fold(text, language) {
    // Lower case without accents, so "economie" finds "économie".
    return text.toLocaleLowerCase(language).normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function values(member, key) {
    var value = member[key];
    if (value === undefined) return [];
    return Array.isArray(value) ? value : [value];
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function build(root, data) {
    var form = root.querySelector(".sif-filters");
    var count = root.querySelector(".sif-count");
    var cards = {};
    root.querySelectorAll(".sif-card[data-id]").forEach(function (card) {
      cards[card.getAttribute("data-id")] = card;
    });
    var labels = data.labels || {};
    var ui = data.ui || {};
    var language = ui.language || "nl";
    var params = new URLSearchParams(window.location.search);
    var selects = {};

    FILTERS.forEach(function (key) {
      var filter = { key: key, label: ui[key] || key, all: ui[key + "_all"] || "" };
      var seen = {};
      data.members.forEach(function (member) {
        values(member, filter.key).forEach(function (value) {
          seen[value] = (seen[value] || 0) + 1;
        });
      });
      var names = Object.keys(seen);
      if (!names.length) return;
      var label = function (value) {
        return (labels[filter.key] || {})[value] || value;
      };
      names.sort(function (a, b) {
        return label(a).localeCompare(label(b), language);
      });
      var id = "sif-filter-" + filter.key;
      var wrapper = element("label", { for: id }, filter.label);
      var select = element("select", { id: id, name: filter.key });
      select.appendChild(element("option", { value: "" }, filter.all));
      names.forEach(function (value) {
        select.appendChild(element("option", { value: value }, label(value) + " (" + seen[value] + ")"));
      });
      if (params.get(filter.key) && seen[params.get(filter.key)]) {
        select.value = params.get(filter.key);
      }
      wrapper.appendChild(select);
      form.appendChild(wrapper);
      selects[filter.key] = select;
    });

    var search = element("input", { id: "sif-filter-name", type: "search", name: "zoek", placeholder: ui.placeholder || "" });
    // "naam" was the box's name when it searched names only: old links keep working.
    search.value = params.get("zoek") || params.get("naam") || "";
    var searchLabel = element("label", { for: "sif-filter-name", class: "sif-search" }, ui.search || "");
    searchLabel.appendChild(search);
    form.appendChild(searchLabel);
    var reset = element("button", { type: "reset", class: "md-button" }, ui.reset || "");
    form.appendChild(reset);

    function apply() {
      var shown = 0;
      var query = new URLSearchParams();
      Object.keys(selects).forEach(function (key) {
        if (selects[key].value) query.set(key, selects[key].value);
      });
      var words = fold(search.value.trim(), language).split(/\s+/).filter(Boolean);
      if (words.length) query.set("zoek", search.value.trim());
      data.members.forEach(function (member) {
        var card = cards[member.id];
        if (!card) return;
        var match = Object.keys(selects).every(function (key) {
          var wanted = selects[key].value;
          return !wanted || values(member, key).indexOf(wanted) >= 0;
        });
        var text = fold(member.text || member.name, language);
        match = match && words.every(function (word) { return text.indexOf(word) >= 0; });
        card.hidden = !match;
        if (match) shown += 1;
      });
      var members = ui.members || "";
      count.textContent = shown === data.members.length
        ? data.members.length + " " + members
        : shown + " " + (ui.of || "/") + " " + data.members.length + " " + members;
      var text = query.toString();
      window.history.replaceState(null, "", text ? "?" + text : window.location.pathname);
    }

    form.addEventListener("change", apply);
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.hidden = false;
    apply();
  }

  function setup() {
    var root = document.getElementById("sif-netwerk");
    if (!root || root.getAttribute("data-ready")) return;
    root.setAttribute("data-ready", "1");
    fetch(root.getAttribute("data-index"))
      .then(function (response) { return response.json(); })
      .then(function (data) { build(root, data); })
      .catch(function () { /* without the index the full list stays visible */ });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
