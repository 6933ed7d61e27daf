// Invoices, their lines, VAT summary, history, attachments links (issue: invoices).
export {};
