"""Exchange formats of the directory: data·inclusion (import and export) and Open Referral HSDS."""
