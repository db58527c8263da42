-- AUTO-GENERATED FILE.

-- This file is an auto-generated file by Ballerina persistence layer for model.
-- Please verify the generated scripts and execute them against the target DB server.

DROP TABLE IF EXISTS `Badge`;
DROP TABLE IF EXISTS `Address`;
DROP TABLE IF EXISTS `Manager`;
DROP TABLE IF EXISTS `Ticket`;
DROP TABLE IF EXISTS `shops`;

CREATE TABLE `shops` (
	`shop_code` VARCHAR(12) NOT NULL,
	`country` CHAR(2) NOT NULL,
	`turnover` DECIMAL(12,4) NOT NULL,
	`tier` ENUM('gold', 'SILVER') NOT NULL,
	PRIMARY KEY(`shop_code`)
);

CREATE TABLE `Ticket` (
	`id` INT AUTO_INCREMENT,
	`title` VARCHAR(191) NOT NULL,
	`shopCode` VARCHAR(12) NOT NULL,
	FOREIGN KEY(`shopCode`) REFERENCES `shops`(`shop_code`),
	PRIMARY KEY(`id`)
);

CREATE TABLE `Manager` (
	`id` INT NOT NULL,
	`managed_shop` VARCHAR(12) UNIQUE NOT NULL,
	FOREIGN KEY(`managed_shop`) REFERENCES `shops`(`shop_code`),
	PRIMARY KEY(`id`)
);

CREATE TABLE `Address` (
	`id` INT NOT NULL,
	`shopRef` VARCHAR(12) NOT NULL,
	FOREIGN KEY(`shopRef`) REFERENCES `shops`(`shop_code`),
	PRIMARY KEY(`id`)
);

CREATE TABLE `Badge` (
	`id` INT NOT NULL,
	`serial` INT NOT NULL,
	`ownerCode` VARCHAR(12) UNIQUE NOT NULL,
	FOREIGN KEY(`ownerCode`) REFERENCES `shops`(`shop_code`),
	PRIMARY KEY(`id`)
);


CREATE INDEX `idx_tier` ON `shops` (`tier`);
CREATE INDEX `idx_title_shop` ON `Ticket` (`title`, `shopCode`);
CREATE UNIQUE INDEX `address_shop` ON `Address` (`shopRef`);
CREATE UNIQUE INDEX `unique_idx_serial` ON `Badge` (`serial`);
