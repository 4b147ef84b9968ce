import factory

from accounts.models import User
from companies.models import Company, Membership
from companies.roles import Role
from expenses.models import ApproverAssignment, Attachment, Expense, PaymentMethod, PurchaseType

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


class CompanyFactory(factory.django.DjangoModelFactory[Company]):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Company {n} Oy")
    business_id = factory.Sequence(lambda n: f"{1000000 + n}-0")


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)
    role = Role.EMPLOYEE


# --- expenses ------------------------------------------------------------------------------------


class PurchaseTypeFactory(factory.django.DjangoModelFactory[PurchaseType]):
    class Meta:
        model = PurchaseType

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"Purchase type {n}")
    account_number = "7600"
    vat_class = "general"


class PaymentMethodFactory(factory.django.DjangoModelFactory[PaymentMethod]):
    class Meta:
        model = PaymentMethod

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"Payment method {n}")
    kind = "own_money"
    counter_account = "2940"


class ExpenseFactory(factory.django.DjangoModelFactory[Expense]):
    """A draft receipt of 10.00 € with no lines; use the services for complete expenses."""

    class Meta:
        model = Expense

    company = factory.SubFactory(CompanyFactory)
    owner = factory.LazyAttribute(lambda o: MembershipFactory(company=o.company).user)
    kind = "receipt"
    state = "draft"
    date = factory.Faker("date_between", start_date="-30d", end_date="today")
    description = factory.Sequence(lambda n: f"Receipt {n}")
    amount = "10.00"
    amount_eur = "10.00"


class AttachmentFactory(factory.django.DjangoModelFactory[Attachment]):
    class Meta:
        model = Attachment

    expense = factory.SubFactory(ExpenseFactory)
    file = factory.django.FileField(filename="receipt.pdf", data=b"%PDF-1.4\n%%EOF\n")
    original_name = "receipt.pdf"
    content_type = "application/pdf"
    size = 15
    sha256 = factory.Sequence(lambda n: f"{n:064x}")


class ApproverAssignmentFactory(factory.django.DjangoModelFactory[ApproverAssignment]):
    class Meta:
        model = ApproverAssignment

    company = factory.SubFactory(CompanyFactory)
    employee = factory.LazyAttribute(lambda o: MembershipFactory(company=o.company).user)
    approver = factory.LazyAttribute(lambda o: MembershipFactory(company=o.company, role=Role.APPROVER).user)
