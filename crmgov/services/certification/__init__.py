"""Staff certification (上岗证) use cases: staff, training, question bank, quiz, certificates,
access list. The TUI, the CLI and the browser quiz all call these functions."""
