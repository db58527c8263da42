-- AUTO-GENERATED FILE.

-- This file is an auto-generated file by Ballerina persistence layer for model.
-- Please verify the generated scripts and execute them against the target DB server.

DROP TABLE IF EXISTS `Shop`;
DROP TABLE IF EXISTS `Warehouse`;
DROP TABLE IF EXISTS `Tenant`;

CREATE TABLE `Tenant` (
	`code` VARCHAR(191) NOT NULL,
	`id` INT NOT NULL,
	PRIMARY KEY(`code`,`id`)
);

CREATE TABLE `Warehouse` (
	`tenant` VARCHAR(191) NOT NULL,
	`number` INT NOT NULL,
	PRIMARY KEY(`tenant`,`number`)
);

CREATE TABLE `Shop` (
	`id` INT NOT NULL,
	`name` VARCHAR(191) NOT NULL,
	`tenant` VARCHAR(191) NOT NULL,
	`tenantId` INT NOT NULL,
	FOREIGN KEY(`tenant`, `tenantId`) REFERENCES `Tenant`(`code`, `id`),
	`warehouseNumber` INT NOT NULL,
	FOREIGN KEY(`tenant`, `warehouseNumber`) REFERENCES `Warehouse`(`tenant`, `number`),
	`auditorCode` VARCHAR(191) NOT NULL,
	`auditorId` INT NOT NULL,
	FOREIGN KEY(`auditorCode`, `auditorId`) REFERENCES `Tenant`(`code`, `id`),
	PRIMARY KEY(`id`)
);


