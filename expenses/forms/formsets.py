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
