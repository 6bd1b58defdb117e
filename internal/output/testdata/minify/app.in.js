// Opens and closes the menu on small screens.
function toggleMenu(button) {
  const menu = document.getElementById(button.getAttribute("aria-controls"));
  const open = button.getAttribute("aria-expanded") === "true";
  button.setAttribute("aria-expanded", String(!open));
  menu.hidden = open;
}

document.querySelectorAll("[data-menu]").forEach(function (button) {
  button.addEventListener("click", function () { toggleMenu(button); });
});
