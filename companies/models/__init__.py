from companies.models.connection_jobs import ConnectionJob
from companies.models.netvisor import NetvisorConnection, StoreActivation
from companies.models.tenants import Company, Membership

__all__ = ["Company", "ConnectionJob", "Membership", "NetvisorConnection", "StoreActivation"]
