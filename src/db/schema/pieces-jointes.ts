// Stored files (pièces jointes) uploaded by ajouter/fichier and deposer/pdf.
export {};
