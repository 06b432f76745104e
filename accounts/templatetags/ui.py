"""Small template helpers for the Bootstrap layout."""

from django import forms, template

from core.exports import EXPORT_PARAMETER, FORMATS
from core.sorting import SORT_PARAMETER

register = template.Library()

GRADE_STYLES = {
    "advanced_certified": "text-bg-success",
    "certified": "text-bg-info",
    "regular": "text-bg-secondary",
    "dishonest": "text-bg-warning",
    "seriously_dishonest": "text-bg-danger",
}


@register.filter
def bs_widget(bound_field):
    """Render a form field's widget with Bootstrap classes and its error state."""
    widget = bound_field.field.widget
    if isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
        return bound_field.as_widget()
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    if bound_field.errors:
        css += " is-invalid"
    attrs = {"class": css}
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{bound_field.auto_id}_errors"
    return bound_field.as_widget(attrs=attrs)


@register.inclusion_tag("includes/grade_badge.html")
def grade_badge(enterprise):
    return {
        "label": enterprise.get_credit_grade_display(),
        "style": GRADE_STYLES.get(enterprise.credit_grade, "text-bg-light"),
        "aeo_code": enterprise.aeo_code,
    }


@register.inclusion_tag("includes/export_links.html", takes_context=True)
def export_links(context):
    """Links exporting the list as filtered now (`background.list_export`): the query string without page."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    query.pop(EXPORT_PARAMETER, None)
    links = {}
    for export in FORMATS:
        query[EXPORT_PARAMETER] = export
        links[export] = f"?{query.urlencode()}"
    return {"links": links}


@register.inclusion_tag("includes/sort_header.html", takes_context=True)
def sort_header(context, key, label, css=""):
    """A column header that sorts the list by `key` (`core.sorting`): ascending first, then
    descending; the filters stay, the page goes back to the first."""
    sorting = context.get("sorting")
    active = sorting is not None and sorting.key == key
    query = context["request"].GET.copy()
    query.pop("page", None)
    query[SORT_PARAMETER] = f"-{key}" if active and not sorting.descending else key
    direction = ("descending" if sorting.descending else "ascending") if active else "none"
    return {"label": label, "href": f"?{query.urlencode()}", "direction": direction, "css": css}
