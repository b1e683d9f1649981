// The overview's charts over the last hour (GET /api/overview/history, one sample every 5 s), drawn with uPlot
// (served from the jar's WebJar at /console/vendor/uplot/) and refreshed by themselves.
import uPlot from '../../vendor/uplot/dist/uPlot.esm.js';
import { get } from '../api.js';
import { h, clear, errorBox } from '../ui.js';

const REFRESH_MS = 5000;
const OUTCOME_COLORS = { delivered: '#1e7a3c', partial: '#8a5a00', rejected: '#b3261e', permanent: '#7a1f1a', retryable: '#c76b00', rate_limited: '#6b3fa0', split: '#2457c5' };

/** uPlot's stylesheet, once (a <link>, which the Content-Security-Policy allows from this origin). */
function stylesheet() {
  if (document.getElementById('uplot-css')) return;
  document.head.append(h('link', { rel: 'stylesheet', href: 'vendor/uplot/dist/uPlot.min.css', id: 'uplot-css' }));
}

const CHARTS = [
  { id: 'ingest', title: 'Ingest rate', unit: 'events/s', series: (s) => [['events/s', s.map((x) => x.ingestPerSecond), '#2457c5']] },
  { id: 'lag', title: 'Processing lag', unit: 'events', series: (s) => [['events behind', s.map((x) => x.lagEvents), '#8a5a00']] },
  { id: 'queue', title: 'Delivery queue', unit: 'items', series: (s) => [['queued items', s.map((x) => x.queueDepth), '#1d2330'], ['dead letters', s.map((x) => x.deadLetters), '#b3261e']] },
  {
    id: 'requests', title: 'Requests to Emarsys by outcome', unit: 'per 5 s',
    series: (s) => {
      const outcomes = [...new Set(s.flatMap((x) => Object.keys(x.requests || {})))].sort();
      if (!outcomes.length) outcomes.push('delivered');
      return outcomes.map((o) => [o, s.map((x) => (x.requests || {})[o] ?? 0), OUTCOME_COLORS[o] || '#5b6475']);
    },
  },
  { id: 'budget', title: 'Request budget use', unit: '% of the budget', series: (s) => [['busiest account', s.map((x) => x.budgetUsePercent), '#6b3fa0']] },
];

export function chartsCard() {
  stylesheet();
  const card = h('div', { class: 'card', id: 'overview-charts' }, h('h2', {}, 'The last hour'));
  const status = h('p', { class: 'muted', role: 'status' });
  const grid = h('div', { class: 'chart-grid' });
  card.append(status, grid);
  const drawn = {};
  for (const c of CHARTS) {
    const caption = h('figcaption', { id: `chart-${c.id}-caption` }, c.title);
    const plot = h('div', { class: 'chart-plot', id: `chart-${c.id}`, role: 'img', 'aria-labelledby': `chart-${c.id}-caption` });
    grid.append(h('figure', { class: 'chart' }, caption, plot));
    drawn[c.id] = { caption, plot, chart: null, names: '' };
  }
  const refresh = async () => {
    try {
      const r = await get('/api/overview/history');
      draw(r.samples, drawn);
      clear(status, `${r.samples.length} sample(s), one every ${r.intervalSeconds} s; updated ${new Date().toLocaleTimeString()}`);
    } catch (e) {
      clear(status, errorBox(e, 'History'));
    }
  };
  const timer = setInterval(() => {
    if (!card.isConnected) { clearInterval(timer); return; }
    if (!document.hidden) refresh();
  }, REFRESH_MS);
  refresh();
  return card;
}

function draw(samples, drawn) {
  const xs = samples.map((s) => Date.parse(s.at) / 1000);
  for (const c of CHARTS) {
    const d = drawn[c.id];
    const series = c.series(samples);
    const data = [xs, ...series.map(([, ys]) => ys)];
    const names = series.map(([n]) => n).join('|');
    const now = (ys) => (ys.length ? ys[ys.length - 1] : 0);
    const latest = series.length === 1 ? String(now(series[0][1])) : series.map(([n, ys]) => `${n} ${now(ys)}`).join(', ');
    d.caption.textContent = `${c.title} (${c.unit}): now ${latest}`;
    if (d.chart && d.names === names) {
      d.chart.setData(data);
      continue;
    }
    if (d.chart) d.chart.destroy();
    d.names = names;
    const width = Math.max(240, d.plot.clientWidth || 360);
    d.chart = new uPlot({
      width, height: 160, legend: { show: false }, cursor: { show: false },
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
      series: [{}, ...series.map(([label, , stroke]) => ({ label, stroke, width: 2, points: { show: false } }))],
      axes: [{ stroke: '#5b6475' }, { stroke: '#5b6475', size: 50 }],
    }, data, d.plot);
  }
}
