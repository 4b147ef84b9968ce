from django import forms


class RowFormSet(forms.BaseFormSet):
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


def row_formset(form: type[forms.Form], formset: type[RowFormSet], *, max_rows: int) -> type[forms.BaseFormSet]:
    """A formset of rows with one empty row to fill and at most ``max_rows``.

    absolute_max too: without it Django builds and checks up to 1,000 more rows before counting them.
    """
    return forms.formset_factory(
        form,
        formset=formset,
        extra=1,
        can_delete=True,
        max_num=max_rows,
        validate_max=True,
        absolute_max=max_rows,
    )
