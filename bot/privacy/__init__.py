"""Customers' personal data: what is held about a person (``subject``), a copy of it
(``export``), erasure on request (``erasure``), cleaning identifiers out of kept text
(``scrub``) and the retention periods the sweeper applies (``retention``)."""
