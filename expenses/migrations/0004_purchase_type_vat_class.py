from decimal import Decimal

from django.db import migrations, models

# Every percent a purchase type could hold maps to exactly one class (the rate table in expenses/rules/vat.py).
CLASS_OF_PERCENT = {
    Decimal("25.5"): "general",
    Decimal("24"): "general",
    Decimal("14"): "reduced_food",
    Decimal("13.5"): "reduced_food",
    Decimal("10"): "reduced_other",
    Decimal("0"): "zero",
}


def classes_from_percents(apps, schema_editor):
    PurchaseType = apps.get_model("expenses", "PurchaseType")
    for purchase_type in PurchaseType.objects.all():
        purchase_type.vat_class = CLASS_OF_PERCENT.get(purchase_type.default_vat_rate, "general")
        purchase_type.save(update_fields=["vat_class"])


def percents_from_classes(apps, schema_editor):
    PurchaseType = apps.get_model("expenses", "PurchaseType")
    percent_of_class = {"general": Decimal("25.5"), "reduced_food": Decimal("13.5"), "reduced_other": Decimal("10")}
    for purchase_type in PurchaseType.objects.all():
        purchase_type.default_vat_rate = percent_of_class.get(purchase_type.vat_class, Decimal(0))
        purchase_type.save(update_fields=["default_vat_rate"])


class Migration(migrations.Migration):
    dependencies = [
        ("expenses", "0003_meal_allowance"),
    ]

    operations = [
        migrations.AddField(
            model_name="purchasetype",
            name="vat_class",
            field=models.CharField(
                choices=[
                    ("general", "General rate"),
                    ("reduced_food", "Reduced rate 14 % / 13.5 % (food, restaurants, travel, accommodation)"),
                    ("reduced_other", "Reduced rate 10 %"),
                    ("zero", "Zero rate (no VAT deduction)"),
                ],
                default="general",
                max_length=20,
                verbose_name="default VAT",
            ),
        ),
        migrations.RunPython(classes_from_percents, percents_from_classes),
        migrations.RemoveField(model_name="purchasetype", name="default_vat_rate"),
    ]
