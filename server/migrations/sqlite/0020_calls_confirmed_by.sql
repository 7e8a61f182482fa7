-- Desktops whose calls the platform's events confirm (the caller is theirs, not the page's); null: none.
ALTER TABLE `tenants` ADD `calls_confirmed_by` text;
