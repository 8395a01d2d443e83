"""What a page or a folder shows, as plain data and words: the projector slide, the family folder,
the agenda, and every sentence families read in English and Spanish. Views decide what is said;
`famdata.output` decides how it is drawn or printed."""
