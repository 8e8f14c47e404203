"""Services of the cases app (writes). Case numbers: :mod:`zhifa.cases.services.numbering`."""
