"""Form fields: text input, select and checkbox."""

from string.templatelib import Template


def TextInput(*, label: str, name: str, value: str = "", placeholder: str = "", hint: str = "",
              error: str = "", required: bool = False) -> Template:
    message = error or hint
    hint_el = t'<span class="field-hint">{message}</span>' if message else ""
    classes = {"field": True, "field-error": bool(error)}
    return t"""<label class={classes}>{label}
<input type="text" name={name} value={value} placeholder={placeholder} required={required}
 aria-invalid={"true" if error else "false"}>{hint_el}</label>"""


def Select(*, label: str, name: str, options: list[str], selected: str | None = None) -> Template:
    opts = [t"<option selected={o == selected}>{o}</option>" for o in options]
    return t'<label class="field">{label}<select name={name}>{opts}</select></label>'


def Checkbox(*, label: str, name: str, checked: bool = False) -> Template:
    return t'<label class="checkbox"><input type="checkbox" name={name} checked={checked}> {label}</label>'
