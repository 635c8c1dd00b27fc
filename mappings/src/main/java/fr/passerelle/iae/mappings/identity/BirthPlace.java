package fr.passerelle.iae.mappings.identity;

/**
 * Birth place read from a NIR (ID-08).
 *
 * @param countryInseeCode INSEE country code, {@code 100} for France
 * @param communeInseeCode INSEE commune code ({@code 35238}, {@code 2A004}), null when born abroad
 */
public record BirthPlace(String countryInseeCode, String communeInseeCode) {
}
