"""`make load`: the service under many people at once, as production runs it.

gunicorn with the production settings on PostgreSQL and Redis, on 127.0.0.1 only; locust's users log
in and browse the pages, read and write through the API (receipts with an Idempotency-Key, small PNG
attachments). Afterwards every expense the API acknowledged is looked up in the database: it must be
there exactly once. Prints BENCH lines; not part of `make test` (it takes minutes and needs the servers).
"""
