from django.apps import AppConfig


class NetvisorSandboxConfig(AppConfig):
    name = "netvisor_sandbox"
    verbose_name = "Netvisor sandbox"
