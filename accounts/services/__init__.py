"""What changes the accounts: idempotency keys of API users, joining a company through an invitation."""
