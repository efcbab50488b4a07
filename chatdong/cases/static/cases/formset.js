// "행 추가" for the service plan form: clones the formset's empty row and raises TOTAL_FORMS.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-add-row]");
  if (!button) return;
  var prefix = button.getAttribute("data-add-row");
  var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
  var template = document.getElementById(prefix + "-empty");
  var count = parseInt(total.value, 10);
  if (max && count >= parseInt(max.value, 10)) { button.disabled = true; return; }
  var html = template.innerHTML.replace(/__prefix__/g, String(count)).replace(/__number__/g, String(count + 1));
  document.getElementById(prefix + "-rows").insertAdjacentHTML("beforeend", html);
  total.value = String(count + 1);
});
