/* The entry grid: ratio rows computed in the page from their numerator and denominator inputs. */
(function () {
  function number(name) {
    var input = document.querySelector('[name="' + name + '"]');
    if (!input || input.value.trim() === '') { return null; }
    var text = input.value.trim().replace(/\s/g, '');
    text = (text.indexOf(',') >= 0 && text.indexOf('.') >= 0) ? text.replace(/\./g, '').replace(',', '.') : text.replace(',', '.');
    var value = Number(text);
    return isNaN(value) ? null : value;
  }
  function recompute() {
    document.querySelectorAll('output.kh-ratio').forEach(function (out) {
      var top = number(out.dataset.numerator), bottom = number(out.dataset.denominator);
      out.textContent = (top === null || !bottom) ? '' : (Math.round(top / bottom * 10000) / 100).toLocaleString('vi-VN') + ' %';
    });
  }
  function corrected(event) {  // a cell refused by the last save is no longer marked once it is changed
    var cell = event.target && event.target.closest && event.target.closest('td.kh-cell-wrong');
    if (!cell) { return; }
    cell.classList.remove('kh-cell-wrong');
    cell.style.border = '1px solid #ccc';
    cell.style.background = '';
    cell.removeAttribute('title');
    event.target.removeAttribute('aria-invalid');
  }
  if (!window.khGridListening) {  // Turbo runs this file again on every visit: listen once
    window.khGridListening = true;
    document.addEventListener('input', recompute);
    document.addEventListener('input', corrected);
    document.addEventListener('DOMContentLoaded', recompute);
  }
  recompute();
})();
