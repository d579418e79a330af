"""Before the first dose on screen: intake tab, eligibility and consent dialogs, the signature
pad, the pre-dose checklist form and the consent templates page."""
