export declare const REQUIRE_SHIM: string;
