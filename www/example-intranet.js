// The example portal listens to the element: `dunghen-checked` bubbles out of the shadow root with the summary.
document.addEventListener('dunghen-checked', (e) => {
  const d = e.detail;
  const out = document.getElementById('last-check');
  if (out) {
    out.textContent = `Tính đến ${d.as_of}: ${d.dossiers} hồ sơ, ${d.late} trễ hạn, ` +
      `${d.pending_overdue} quá hạn, ${d.violations} vi phạm giới hạn xếp loại, ${d.at_risk} có nguy cơ.`;
  }
});
