"""Plans: drafting a plan and its Tờ trình, the approval ladder's services, issue and dissemination, obligations read from the text, Word import."""
