"""A simulator of the Visma Netvisor XML API for development and tests, with pages for a person.

Run it with `python manage.py netvisor_sandbox --port 8700 --demo`; it serves `netvisor_sandbox.urls` on its
own threaded server (see `server.py`) and is never mounted in the service's URLconf. Faults can be switched
on per organisation with `python manage.py netvisor_sandbox_fault` (see `faults.py`).
"""
