// The page's own chart, drawn with the page's own Chart.js (a global from its UMD build).
/* global Chart, document, window */
const canvas = /** @type {HTMLCanvasElement} */ (document.getElementById('orders'));
// Fixed size and no animation: a dashboard tile that must not change when its neighbours do.
window.ordersChart = new Chart(canvas, {
  type: 'bar',
  data: {
    labels: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    datasets: [
      { label: 'Orders', data: [312, 298, 344, 361, 330, 120, 96], backgroundColor: '#1976d2' },
    ],
  },
  options: { responsive: false, animation: false, plugins: { legend: { display: false } } },
});
