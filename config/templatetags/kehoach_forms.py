"""``{% render_fields form %}``: viewflow's Material form without its own list of the form's errors.

The project's screens list a form's errors once, above the form (``.kh-errors``, with what to do). viewflow's
``{% render form %}`` lists them again inside the form, over the first field's label; this renders the same
form with only the errors of its hidden fields there (which no field of the page would show otherwise).
"""

from django import template
from django.utils.safestring import mark_safe
from viewflow.forms.renderers import FormLayout

register = template.Library()


class ErrorsShownAboveLayout(FormLayout):
    def append_non_field_errors(self, form, root):
        hidden = [error for field in form.hidden_fields() for error in field.errors]
        if hidden:
            from xml.etree import ElementTree

            wrapper = ElementTree.SubElement(root, "div", {"class": "vf-form__errors"})
            for error in hidden:
                ElementTree.SubElement(wrapper, "div", {"class": "vf-form__error"}).text = str(error)


LAYOUT = ErrorsShownAboveLayout()


@register.simple_tag
def render_fields(form):
    return mark_safe(LAYOUT.render(form))  # ElementTree escapes every text and attribute
