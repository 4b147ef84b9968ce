from django.urls import path

from expenses.views import actions, editing, pages, setup

app_name = "expenses"

urlpatterns = [
    path("", pages.expense_list, name="list"),
    path("all/", pages.all_expenses, name="all"),
    path("all/export.csv", pages.export_csv, name="export_csv"),
    path("all/export.xlsx", pages.export_xlsx, name="export_xlsx"),
    path("approvals/", pages.approvals, name="approvals"),
    path("approvals/approve-all/", actions.approve_all, name="approve_all"),
    path("approvals/approve-selected/", actions.approve_selected, name="approve_selected"),
    path("new/receipt/", editing.new_receipt, name="new_receipt"),
    path("new/mileage/", editing.new_mileage, name="new_mileage"),
    path("new/per-diem/", editing.new_per_diem, name="new_per_diem"),
    path("preview/", editing.preview, name="preview"),
    path("<int:expense_id>/", pages.expense_page, name="detail"),
    path("<int:expense_id>/edit/", editing.edit, name="edit"),
    path("<int:expense_id>/delete/", actions.delete, name="delete"),
    path("<int:expense_id>/submit/", actions.submit, name="submit"),
    path("<int:expense_id>/approve/", actions.approve, name="approve"),
    path("<int:expense_id>/reject/", actions.reject, name="reject"),
    path("<int:expense_id>/correct/", actions.correct, name="correct"),
    path("<int:expense_id>/not-duplicate/", actions.not_duplicate, name="not_duplicate"),
    path("<int:expense_id>/send-to-accounting/", actions.send_to_accounting, name="send_to_accounting"),
    path("<int:expense_id>/attachments/", actions.upload_attachment, name="upload_attachment"),
    path("attachments/<int:attachment_id>/", actions.download_attachment, name="download_attachment"),
    path("attachments/<int:attachment_id>/preview/", actions.attachment_preview, name="attachment_preview"),
    path("attachments/<int:attachment_id>/thumbnail/", actions.attachment_thumbnail, name="attachment_thumbnail"),
    path("attachments/<int:attachment_id>/delete/", actions.delete_attachment, name="delete_attachment"),
    path("profile/", setup.profile, name="profile"),
    path("setup/", setup.expense_settings, name="setup"),
    path("setup/purchase-types/", setup.purchase_types, name="purchase_types"),
    path("setup/purchase-types/<int:purchase_type_id>/", setup.purchase_type_edit, name="purchase_type_edit"),
    path("setup/payment-methods/", setup.payment_methods, name="payment_methods"),
    path("setup/payment-methods/<int:payment_method_id>/", setup.payment_method_edit, name="payment_method_edit"),
    path("setup/approvers/", setup.approvers, name="approvers"),
    path("setup/foreign-per-diems/", setup.foreign_rates, name="foreign_rates"),
    path("setup/foreign-per-diems/<int:rate_id>/", setup.foreign_rate_edit, name="foreign_rate_edit"),
    path("setup/approvers/<int:assignment_id>/remove/", setup.approver_remove, name="approver_remove"),
]
