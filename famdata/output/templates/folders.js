// Family folders draw each class chart once, then copy it onto every family's page and bring
// that family's own bar forward (filled, numbered, called out): one plotly drawing per skill
// instead of one per page. How the focus looks comes from famdata.output.charts.callout_style.
window.famdataDrawn = 0;
window.famdataPages = [];

const FAMDATA_SVG = "http://www.w3.org/2000/svg";

function famdataElement(parent, name, attributes, text) {
  const element = document.createElementNS(FAMDATA_SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  if (text !== undefined) element.textContent = text;
  parent.appendChild(element);
  return element;
}

function famdataCallout(base, k, copy, focus, look) {
  const bar = copy.querySelectorAll(".barlayer .point")[k].querySelector("path");
  bar.style.fill = look.fill;
  bar.style.stroke = look.outline;
  bar.style.strokeWidth = look.line + "px";
  const source = base.querySelectorAll(".barlayer .point")[k].querySelector("path");
  const box = source.getBBox();
  const m = source.getCTM();
  const x = m.e + m.a * (box.x + box.width / 2);
  const top = m.f + m.d * box.y;
  // The plot area, read from the drawing itself (the clip path plotly gives the "xy" plot).
  const area = base.querySelector('clipPath[id$="xy"] rect');
  const size = {l: +area.getAttribute("x"), t: +area.getAttribute("y"),
                w: +area.getAttribute("width"), h: +area.getAttribute("height")};
  const svg = copy.querySelector("svg.main-svg");
  const font = {"font-family": look.font, "font-size": look.text, "fill": look.ink};
  famdataElement(svg, "text", {...font, "x": x, "y": size.t + size.h + look.text + 3,
                               "text-anchor": "middle"}, focus.tick);
  const group = famdataElement(svg, "g", {});
  const w = look.arrow_width, tip = top - 2, tail = top - look.arrow;
  famdataElement(group, "line", {"x1": x, "y1": tail, "x2": x, "y2": tip - 2 * w,
                                 "stroke": look.ink, "stroke-width": w});
  famdataElement(group, "path", {"d": `M${x},${tip} l${-1.5 * w},${-3 * w} h${3 * w} z`,
                                 "fill": look.ink});
  const label = famdataElement(group, "text", {...font, "x": x, "y": tail - 6,
                                               "text-anchor": "middle"});
  famdataElement(label, "tspan", {"font-weight": "bold"}, focus.label);
  famdataElement(label, "tspan", {}, " \u2014 " + focus.detail);
  let text = label.getBBox();
  // Keep the call-out inside the plot, even over the first and last bars.
  const shift = Math.max(size.l - text.x, 0) + Math.min(size.l + size.w - text.x - text.width, 0);
  label.setAttribute("x", x + shift);
  text = label.getBBox();
  const frame = document.createElementNS(FAMDATA_SVG, "rect");
  for (const [key, value] of Object.entries({"x": text.x - 4, "y": text.y - 2,
       "width": text.width + 8, "height": text.height + 4, "fill": "white",
       "stroke": look.ink, "stroke-width": 1})) frame.setAttribute(key, value);
  group.insertBefore(frame, label);
}

function famdataCopy(base, target, focus, look) {
  // plotly's own style sheet places the chart's layers by these classes
  const copy = base.querySelector(".plot-container").cloneNode(true);
  target.classList.add("js-plotly-plot");
  target.appendChild(copy);
  const points = Array.from(base.querySelectorAll(".barlayer .point"));
  const k = points.findIndex((point) => point.__data__ && point.__data__.i === focus.index);
  if (focus.index >= 0 && k >= 0) famdataCallout(base, k, copy, focus, look);
  window.famdataDrawn += 1;
}

function famdataDraw(bases, look) {
  const drawn = Object.entries(bases).map(([id, figure]) =>
    Plotly.newPlot(id, figure.data, figure.layout, {staticPlot: true}));
  return Promise.all(drawn).then(() => {
    for (const [chartId, baseId, focus] of window.famdataPages) {
      famdataCopy(document.getElementById(baseId), document.getElementById(chartId), focus, look);
    }
    document.getElementById("famdata-bases").remove();
  });
}
