// District map: dong boundaries shaded by the figure chosen in #figure. No tile server: the
// boundaries alone, so it works offline inside the district's network.
(function () {
  "use strict";
  const el = document.getElementById("dong-map");
  if (!el || !window.L) return;
  const select = document.getElementById("figure");
  const labels = JSON.parse(document.getElementById("figure-labels").textContent);
  const colours = ["#eef2ff", "#c7d4fb", "#8fa9f2", "#4f78e0", "#1d4fc4", "#0b2f80"];
  const map = L.map(el, { zoomSnap: 0.25, attributionControl: false });
  let layer = null;
  let data = null;
  const legend = L.control({ position: "bottomright" });

  function value(props, figure) {
    const perThousand = (n) => (props.residents ? (n * 1000) / props.residents : 0);
    if (figure === "recipients_rate") return perThousand(props.recipients_total);
    if (figure === "density") return props.area_km2 ? props.residents / props.area_km2 : 0;
    if (figure.startsWith("rate:")) return perThousand(props.recipients[figure.slice(5)] || 0);
    return props[figure] || 0;
  }

  // Upper bounds of quantile classes, without repeats, so equal values share a class.
  function breaks(values) {
    const sorted = values.slice().sort((a, b) => a - b);
    const max = sorted[sorted.length - 1];
    const cuts = [];
    for (let i = 1; i < colours.length; i++) {
      const cut = sorted[Math.max(0, Math.floor((i * sorted.length) / colours.length) - 1)];
      if (cut < max && !cuts.includes(cut)) cuts.push(cut);
    }
    return cuts;
  }

  function classOf(v, cuts) {
    let i = 0;
    while (i < cuts.length && v > cuts[i]) i++;
    return i;
  }

  function colourOf(cls, cuts) {
    if (!cuts.length) return colours[2];
    return colours[Math.round((cls * (colours.length - 1)) / cuts.length)];
  }

  function format(v) {
    return v >= 100 ? Math.round(v).toLocaleString("ko-KR") : v.toFixed(1);
  }

  function draw() {
    const figure = select.value;
    const values = data.features.map((f) => value(f.properties, figure));
    const cuts = breaks(values);
    if (layer) layer.remove();
    layer = L.geoJSON(data, {
      style: (f) => ({ color: "#33363d", weight: 1, fillOpacity: 0.85, fillColor: colourOf(classOf(value(f.properties, figure), cuts), cuts) }),
      onEachFeature: (f, l) => {
        l.bindTooltip(`${f.properties.name}<br>${labels[figure]}: <strong>${format(value(f.properties, figure))}</strong>`, { sticky: true });
        l.getElement && l.on("add", () => l.getElement()?.setAttribute("data-dong", f.properties.name));
      },
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [8, 8] });
    // Built with DOM calls, not an HTML string: the CSP refuses style attributes (element.style is allowed), and
    // the labels are never parsed as markup.
    legend.onAdd = () => {
      const div = L.DomUtil.create("div", "cd-legend");
      const title = document.createElement("strong");
      title.textContent = labels[figure];
      div.append(title);
      for (let i = 0; i <= cuts.length; i++) {
        let label;
        if (!cuts.length) label = `모두 ${format(values[0] ?? 0)}`;
        else if (i === 0) label = `${format(cuts[0])} 이하`;
        else if (i === cuts.length) label = `${format(cuts[i - 1])} 초과`;
        else label = `${format(cuts[i - 1])} 초과 ~ ${format(cuts[i])}`;
        const swatch = document.createElement("i");
        swatch.style.background = colourOf(i, cuts);
        div.append(document.createElement("br"), swatch, label);
      }
      return div;
    };
    legend.remove();
    legend.addTo(map);
    el.dataset.ready = figure;
  }

  fetch(el.dataset.src, { credentials: "same-origin" })
    .then((r) => r.json())
    .then((json) => { data = json; draw(); });
  select.addEventListener("change", () => {
    const url = new URL(window.location);
    url.searchParams.set("figure", select.value);
    window.history.replaceState(null, "", url);
    if (data) draw();
  });
})();
