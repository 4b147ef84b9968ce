from companies.models.netvisor import NetvisorConnection, StoreActivation
from companies.models.tenants import Company, Membership

__all__ = ["Company", "Membership", "NetvisorConnection", "StoreActivation"]
