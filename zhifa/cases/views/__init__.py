"""Pages of the cases app: the list, the case page, the action pages (one generic page for every
registered action), clues, the approval and review queues and the Justice Bureau overview."""
