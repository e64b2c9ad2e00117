"""Linked data on the web: every minted IRI answers, as a static site (:mod:`.site`) or a live
server (:mod:`.server`), both from one view of the published graph (:mod:`.resources`)."""
