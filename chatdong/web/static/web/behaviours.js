// Small behaviours declared in the markup, because the Content-Security-Policy allows no inline handlers:
// <select data-auto-submit> submits its form when changed; <button data-print> prints the page.
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-auto-submit]");
  if (field && field.form) field.form.submit();
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
