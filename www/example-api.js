// A page with its own UI over the JS API: `DungHen.check(files, options)` returns the dunghen.report/1 contract
// (the same JSON as `dunghen check --format json`), computed in a Web Worker.
document.getElementById('version').textContent = DungHen.version;
document.getElementById('form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const status = document.getElementById('status');
  const body = document.querySelector('#summary tbody');
  body.replaceChildren();
  status.textContent = 'Đang kiểm tra…';
  try {
    const report = await DungHen.check(document.getElementById('dossiers').files, {
      asOf: document.getElementById('as-of').value,
      reminded: document.getElementById('reminded').files[0],
      ratings: document.getElementById('ratings').files[0],
    });
    status.textContent = `${report.schema} · ${report.profile.name} · tính đến ${report.as_of}`;
    for (const [k, v] of Object.entries(report.summary)) {
      const tr = document.createElement('tr');
      tr.dataset.key = k;
      const th = document.createElement('th');
      th.textContent = k;
      const td = document.createElement('td');
      td.textContent = v ?? '';
      tr.append(th, td);
      body.append(tr);
    }
  } catch (err) {
    status.textContent = `Lỗi: ${err.vi || err.message}`;
  }
});
