// Insight charts of the review (staff). Data comes from the page's json_script "insight-data"; the tables beside
// the charts hold the same figures, so nothing is lost without JavaScript.
(() => {
  "use strict";
  const start = () => {
    const node = document.getElementById("insight-data");
    if (!node || !window.echarts) return;
    const data = JSON.parse(node.textContent);
    const num = (v) => Number(v);
    const experts = echarts.init(document.getElementById("chart-experts"));
    const points = [];
    data.experts.forEach((e, i) => e.totals.forEach((t) => points.push([i, num(t)])));
    experts.setOption({
      tooltip: {}, grid: { left: 48, right: 16, bottom: 72 },
      xAxis: { type: "category", data: data.experts.map((e) => e.name), axisLabel: { rotate: 45 } },
      yAxis: { type: "value", scale: true },
      series: [
        { type: "scatter", data: points, symbolSize: 6, itemStyle: { opacity: 0.5 } },
        { type: "scatter", symbol: "diamond", symbolSize: 14,
          data: data.experts.map((e, i) => ({ value: [i, num(e.mean)], itemStyle: { color: e.deviates ? "#a61b1b" : "#2f6f4f" } })),
          markLine: data.panelMean ? { symbol: "none", data: [{ yAxis: num(data.panelMean) }] } : undefined }
      ]
    });
    const agreement = echarts.init(document.getElementById("chart-agreement"));
    agreement.setOption({
      tooltip: {}, grid: { left: 48, right: 16, bottom: 48 },
      xAxis: { type: "category", data: data.applications.map((a) => a.number) },
      yAxis: { type: "value" },
      series: [{ type: "bar", data: data.applications.map((a) => ({ value: num(a.sd), itemStyle: { color: a.high ? "#a61b1b" : "#5b7db1" } })) }]
    });
    const criteria = echarts.init(document.getElementById("chart-criteria"));
    criteria.setOption({
      tooltip: {}, grid: { left: 140, right: 24 },
      xAxis: { type: "value", max: 100 },
      yAxis: { type: "category", data: data.criteria.map((c) => c.name), inverse: true },
      series: [{ type: "bar", data: data.criteria.map((c) => num(c.share)) }]
    });
    window.addEventListener("resize", () => { experts.resize(); agreement.resize(); criteria.resize(); });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
