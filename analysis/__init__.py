"""Analysis of survivor feedback: redaction, coding, trends, disclosure control and reports."""
