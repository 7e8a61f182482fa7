-- When the event naming a call's agent happened: a later one (a transfer keeping the contact's id) moves the call to its agent, an older one arriving late does not.
ALTER TABLE `calls` ADD `agent_at` integer;
