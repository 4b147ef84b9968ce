from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class ExportRefused(ValidationError):
    """An action on the export that cannot be done as asked; the message is for the person who asked."""

    def __init__(self, message: object, field: str = NON_FIELD_ERRORS) -> None:
        super().__init__({field: ValidationError(message, code="invalid")})
        self.text = str(message)


class VoucherNotBuildable(Exception):
    """The expenses of a voucher cannot be turned into a voucher Netvisor would take (missing account, ...)."""
