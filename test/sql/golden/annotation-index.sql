-- AUTO-GENERATED FILE.

-- This file is an auto-generated file by Ballerina persistence layer for model.
-- Please verify the generated scripts and execute them against the target DB server.

DROP TABLE IF EXISTS `Person`;

CREATE TABLE `Person` (
	`id` INT NOT NULL,
	`firstName` VARCHAR(191) NOT NULL,
	`lastName` VARCHAR(191) NOT NULL,
	`email` VARCHAR(191) NOT NULL,
	`age` INT NOT NULL,
	`city` VARCHAR(191) NOT NULL,
	PRIMARY KEY(`id`)
);


CREATE INDEX `idx_name` ON `Person` (`firstName`, `lastName`);
CREATE UNIQUE INDEX `unique_idx_email` ON `Person` (`email`);
CREATE INDEX `idx_age` ON `Person` (`age`);
CREATE INDEX `idx_city` ON `Person` (`city`);
CREATE INDEX `idx_place` ON `Person` (`city`);
CREATE UNIQUE INDEX `uniq_city` ON `Person` (`city`);
