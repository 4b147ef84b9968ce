from typing import TYPE_CHECKING, TypeVar, cast

from django import forms

if TYPE_CHECKING:
    # Generic in its form only in django-stubs: Django's BaseFormSet cannot be subscripted at run time.
    _BaseFormSet = forms.BaseFormSet[forms.Form]
else:
    _BaseFormSet = forms.BaseFormSet


class RowFormSet(_BaseFormSet):
    """A formset of rows (receipt lines, route legs) whose empty extra row is not an error."""

    def used_forms(self) -> list[forms.Form]:
        # Rows loaded from the saved expense count even when untouched (saving an edit unchanged keeps them);
        # an extra row only once something was typed into it.
        initial = self.initial_form_count()
        return [
            row
            for index, row in enumerate(self.forms)
            if (index < initial or row.has_changed()) and row not in self.deleted_forms
        ]


_RowFormSetT = TypeVar("_RowFormSetT", bound=RowFormSet)


def row_formset(form: type[forms.Form], formset: type[_RowFormSetT], *, max_rows: int) -> type[_RowFormSetT]:
    """A formset of rows with one empty row to fill and at most ``max_rows``.

    absolute_max too: without it Django builds and checks up to 1,000 more rows before counting them.
    """
    # formset_factory returns a subclass of ``formset``; the stubs only know it is some BaseFormSet.
    made = forms.formset_factory(
        form,
        formset=formset,
        extra=1,
        can_delete=True,
        max_num=max_rows,
        validate_max=True,
        absolute_max=max_rows,
    )
    return cast(type[_RowFormSetT], made)
